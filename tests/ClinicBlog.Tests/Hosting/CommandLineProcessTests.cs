using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using ClinicBlog.Tests.Support;

namespace ClinicBlog.Tests.Hosting;

/// <summary>
/// The program as people start it: the built host, and <c>dotnet run --project src/ClinicBlog.Web</c> from the
/// repository root as the README shows. Commands it does not know are refused before anything is touched; host
/// settings still start the site; a relative path is relative to where the command was typed.
/// </summary>
public sealed class CommandLineProcessTests : IDisposable
{
    private static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "ClinicBlog.Web.dll");
    private static readonly string WebProject = Path.Combine(TestPaths.RepoRoot, "src", "ClinicBlog.Web");

    private readonly TempDirectory folder = new();

    private string DataDirectory => Path.Combine(folder.Path, "data");

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("import", "wordpress", "x.xml")]
    [InlineData("backup", "x")]
    public async Task An_unknown_command_says_so_lists_the_commands_and_changes_nothing(params string[] args)
    {
        var (code, output, errors) = await RunAsync(Host(args), folder.Path);

        Assert.Equal(2, code);
        Assert.Contains($"'{args[0]}' is not a command of ClinicBlog.", errors);
        Assert.Contains("recipe validate FILE", errors);
        Assert.Contains("recipe apply FILE", errors);
        Assert.Contains("--help", errors);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(DataDirectory), "nothing is created, not even the data directory");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_the_commands_and_exits_zero(string help)
    {
        var (code, output, errors) = await RunAsync(Host(help), folder.Path);

        Assert.Equal(0, code);
        Assert.Contains("recipe validate FILE", output);
        Assert.Contains("recipe apply FILE", output);
        Assert.Contains("serve the site", output);
        Assert.Equal("", errors);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Fact]
    public async Task Host_settings_on_the_command_line_start_the_site()
    {
        var port = FreePort();
        var data = Path.Combine(folder.Path, "from-the-command-line");
        await using var site = Start(Host("--urls", $"http://127.0.0.1:{port}", $"--ClinicBlog:DataDirectory={data}"), folder.Path);

        var page = await site.GetAsync($"http://127.0.0.1:{port}/");

        Assert.Contains("Set up your clinic blog", page);
        Assert.True(File.Exists(Path.Combine(data, "clinicblog.db")), "the data directory given on the command line is used");
    }

    [Fact]
    public async Task Dotnet_run_from_the_repository_root_validates_the_recipe_the_README_names()
    {
        var (code, output, errors) = await RunAsync(DotnetRun("recipe", "validate", "recipes/clinic-blog.recipe.json"), TestPaths.RepoRoot);

        Assert.True(code == 0, $"exit code {code}:\n{output}{errors}");
        Assert.Contains($"{TestPaths.SetupRecipe} is valid.", output);
    }

    [Fact]
    public async Task Dotnet_run_from_the_repository_root_keeps_the_project_folder_as_the_sites_root()
    {
        // A relative data directory is relative to the content root, the project folder, as before (bin/ is not committed).
        var relative = Path.Combine("bin", $"test-data-{Guid.NewGuid():N}");
        var data = Path.Combine(WebProject, relative);
        var port = FreePort();
        try
        {
            await using (var site = Start(DotnetRun("--urls", $"http://127.0.0.1:{port}", $"--ClinicBlog:DataDirectory={relative}"), TestPaths.RepoRoot))
            {
                var page = await site.GetAsync($"http://127.0.0.1:{port}/");
                var styles = await site.GetAsync($"http://127.0.0.1:{port}/css/site.css");

                Assert.Contains("Set up your clinic blog", page);
                Assert.Contains("{", styles);
            }

            Assert.True(File.Exists(Path.Combine(data, "clinicblog.db")), $"the database is under {WebProject}");
            Assert.False(Directory.Exists(Path.Combine(TestPaths.RepoRoot, relative)), "nothing is made under the repository root");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>The built host, as a deployment runs it.</summary>
    private static string[] Host(params string[] args) => [Dotnet, HostDll, .. args];

    /// <summary><c>dotnet run</c> as the README has it, without building: in the configuration these tests were built in (which built the host).</summary>
    private static string[] DotnetRun(params string[] args) =>
    [
        Dotnet, "run", "--no-build", "-c", typeof(CommandLineProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration,
        "--project", "src/ClinicBlog.Web", "--", .. args,
    ];

    private async Task<(int Code, string Output, string Errors)> RunAsync(string[] command, string workingDirectory)
    {
        using var process = Process.Start(StartInfo(command, workingDirectory))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not end within 90 s (serving the site?):\n{await output}{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }

    private Served Start(string[] command, string workingDirectory) => new(Process.Start(StartInfo(command, workingDirectory))!);

    private ProcessStartInfo StartInfo(string[] command, string workingDirectory)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command[1..]) start.ArgumentList.Add(argument);
        // The test host's own MSBuild settings must not steer `dotnet run`'s evaluation of the project.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["ClinicBlog__DataDirectory"] = DataDirectory;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A site started by a test; stopped (its whole process tree) on dispose.</summary>
    private sealed class Served : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder log = new();

        public Served(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        /// <summary>The page at <paramref name="url"/> once the site answers it with 200 (within 90 s).</summary>
        public async Task<string> GetAsync(string url)
        {
            using var client = new HttpClient();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            var last = "no answer";
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited) throw new InvalidOperationException($"The site exited ({process.ExitCode}):\n{Log}");
                try
                {
                    using var response = await client.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.OK) return await response.Content.ReadAsStringAsync();
                    last = $"{(int)response.StatusCode}";
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"{url} did not answer 200 in 90 s (last: {last}):\n{Log}");
        }

        private string Log
        {
            get { lock (log) return log.ToString(); }
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }
}
