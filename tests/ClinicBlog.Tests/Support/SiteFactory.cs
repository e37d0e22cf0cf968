using ClinicBlog.Data;
using ClinicBlog.Recipes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Support;

/// <summary>What headless setup is given through <c>ClinicBlog:Setup:*</c>.</summary>
internal sealed record SetupSettings(string SiteName, string AdminUserName, string AdminEmail, string AdminPassword)
{
    public static readonly SetupSettings Default = new("Boulder Physio Journal", "clinicadmin", "admin@boulder-physio.example", "correct horse 42");
}

/// <summary>The real host over a data directory; set up from the recipe at start when <see cref="SetupSettings"/> are given.</summary>
/// <param name="settings">More configuration, as <c>ClinicBlog:Section:Key</c> = value.</param>
internal sealed class SiteFactory(string dataDirectory, SetupSettings? setup, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ClinicBlog:DataDirectory", dataDirectory);
        builder.UseSetting("ClinicBlog:RecipesDirectory", TestPaths.RecipesDirectory);
        var (provider, connectionString) = TestDatabase.For(dataDirectory);
        builder.UseSetting("ClinicBlog:Database:Provider", provider.ToString());
        builder.UseSetting("ClinicBlog:Database:ConnectionString", connectionString ?? "");
        if (setup is not null)
        {
            builder.UseSetting("ClinicBlog:Setup:SiteName", setup.SiteName);
            builder.UseSetting("ClinicBlog:Setup:AdminUserName", setup.AdminUserName);
            builder.UseSetting("ClinicBlog:Setup:AdminEmail", setup.AdminEmail);
            builder.UseSetting("ClinicBlog:Setup:AdminPassword", setup.AdminPassword);
        }

        // Quiet test output: warnings and errors only, without the two every test host gives
        // (keys stored unencrypted in the database, no wwwroot in this checkout).
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.StaticFiles", "Error");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }

    /// <summary>A client that shows redirects instead of following them.</summary>
    public HttpClient CreatePlainClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<T> QueryAsync<T>(Func<ClinicBlogDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>());
    }

    public Task<StoredCounts> CountAsync() => QueryAsync(StoredCounts.ReadAsync);

    /// <summary>Applies a recipe through the same service the command line uses.</summary>
    public async Task ApplyRecipeAsync(string json)
    {
        var file = Path.Combine(dataDirectory, $"recipe-{Guid.NewGuid():N}.recipe.json");
        await File.WriteAllTextAsync(file, json);
        var result = await Services.GetRequiredService<RecipeCommands>().ApplyFileAsync(file);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
    }
}

/// <summary>A site set up from the setup recipe in its own temp folder, removed on dispose.</summary>
public class SetUpSite : IAsyncLifetime
{
    private readonly TempDirectory folder = new();

    internal SiteFactory Factory { get; private set; } = null!;

    internal SetupSettings Setup => SetupSettings.Default;

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new SiteFactory(folder.Path, Setup);
        Client = Factory.CreatePlainClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        folder.Dispose();
    }

    public async Task<string> GetPageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}\n{html}");
        return html;
    }
}

/// <summary>One set-up site shared by every test that only reads it.</summary>
[CollectionDefinition(Name)]
public sealed class SharedSiteCollection : ICollectionFixture<SetUpSite>
{
    public const string Name = "Shared set-up site";
}
