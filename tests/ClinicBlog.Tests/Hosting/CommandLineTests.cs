using System.Diagnostics;
using ClinicBlog.Tests.Support;
using ClinicBlog.Web.Hosting;

namespace ClinicBlog.Tests.Hosting;

/// <summary>Tests that swap the process's Console run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}

/// <summary><c>recipe validate FILE</c> and <c>recipe apply FILE</c>: exit code 0 on success, non-zero with the reasons on failure.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommandLineTests : IAsyncLifetime
{
    private readonly TempDirectory folder = new();
    private SiteFactory factory = null!;

    private const string BadRecipe = """
        {
          "name": "bad",
          "steps": [
            { "name": "feature", "enable": [ "OrchardCore.Contents" ] },
            { "name": "Settings", "TimeZone": "Mars/Olympus_Mons" }
          ]
        }
        """;

    public Task InitializeAsync()
    {
        factory = new SiteFactory(folder.Path, setup: null);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task Validating_a_good_recipe_exits_zero_and_changes_nothing()
    {
        var (code, output, errors) = await RunAsync("recipe", "validate", TestPaths.SetupRecipe);

        Assert.Equal(0, code);
        Assert.Contains("is valid", output);
        Assert.Equal("", errors);
        Assert.Equal(0, (await factory.CountAsync()).Articles);
    }

    [Fact]
    public async Task Validating_a_bad_recipe_exits_non_zero_with_every_message()
    {
        var file = folder.WriteFile("bad.recipe.json", BadRecipe);

        var (code, _, errors) = await RunAsync("recipe", "validate", file);

        Assert.NotEqual(0, code);
        Assert.Contains(file, errors);
        Assert.Contains("2 problem(s)", errors);
        Assert.Contains("step 1 'feature' is not supported by ClinicBlog", errors);
        Assert.Contains("step 2 'Settings': TimeZone: 'Mars/Olympus_Mons' is not a time zone", errors);
    }

    [Fact]
    public async Task Applying_a_good_recipe_exits_zero_and_creates_the_content()
    {
        var (code, output, _) = await RunAsync("recipe", "apply", TestPaths.SetupRecipe);

        Assert.Equal(0, code);
        Assert.Contains("Applied", output);
        var counts = await factory.CountAsync();
        Assert.Equal((5, 3, 4), (counts.Articles, counts.Authors, counts.Roles));
    }

    [Fact]
    public async Task Applying_a_bad_recipe_exits_non_zero_and_applies_nothing()
    {
        var recipe = RecipeText.Setup();
        recipe.Item(RecipeText.IastmFootPain)["AutoroutePart"]!["Path"] = "IASTM And Foot Pain";
        var file = folder.WriteFile("bad-path.recipe.json", recipe.ToJsonString());

        var (code, _, errors) = await RunAsync("recipe", "apply", file);

        Assert.NotEqual(0, code);
        Assert.Contains("nothing was applied", errors);
        Assert.Contains("step 4 'Content': item '4articleiastmfootpain0000a'", errors);
        var counts = await factory.CountAsync();
        Assert.Equal((0, 0, 0, 0), (counts.Articles, counts.Authors, counts.Roles, counts.SiteSettings));
    }

    [Theory]
    [InlineData("recipe", "validate")]
    [InlineData("recipe", "run", "x.recipe.json")]
    [InlineData("recipe", "apply", "a.json", "b.json")]
    public async Task A_wrong_command_shows_the_usage(params string[] args)
    {
        var (code, _, errors) = await RunAsync(args);

        Assert.NotEqual(0, code);
        Assert.Contains("usage: recipe validate FILE | recipe apply FILE", errors);
    }

    [Fact]
    public async Task A_missing_file_is_reported()
    {
        var (code, _, errors) = await RunAsync("recipe", "validate", Path.Combine(folder.Path, "missing.recipe.json"));

        Assert.NotEqual(0, code);
        Assert.Contains("does not exist", errors);
    }

    [Fact]
    public async Task Invalid_json_is_reported_with_its_line()
    {
        var file = folder.WriteFile("broken.recipe.json", "{\n  \"name\": \"x\",\n  \"steps\": [ }\n");

        var (code, _, errors) = await RunAsync("recipe", "validate", file);

        Assert.NotEqual(0, code);
        Assert.Contains("not valid JSON (line 3", errors);
    }

    [Fact]
    public async Task The_published_program_validates_from_a_real_command_line()
    {
        var file = folder.WriteFile("bad.recipe.json", BadRecipe);
        var data = Path.Combine(folder.Path, "process-data");
        var dll = Path.Combine(AppContext.BaseDirectory, "ClinicBlog.Web.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { dll, "recipe", "validate", file },
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ClinicBlog__DataDirectory"] = data,
                ["Logging__LogLevel__Default"] = "Warning",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode != 0, $"exit code 0; output: {await output}");
        Assert.Contains("step 1 'feature' is not supported by ClinicBlog", await errors);
        Assert.True(File.Exists(Path.Combine(data, "clinicblog.db")), "the database is created in ClinicBlog:DataDirectory");
    }

    private async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var services = factory.Services;
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            var code = await CommandLine.RunAsync(services, args);
            return (code, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
