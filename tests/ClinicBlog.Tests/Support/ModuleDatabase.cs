using ClinicBlog.Data;
using ClinicBlog.Recipes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Support;

/// <summary>The module without HTTP: its services over a fresh SQLite database in a temp folder.</summary>
internal sealed class ModuleDatabase : IAsyncDisposable
{
    private readonly TempDirectory folder = new();
    private readonly ServiceProvider provider;

    private ModuleDatabase()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        // An empty configuration, as a host without settings has: options bound from it (SMTP, comments) take their defaults.
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        var (databaseProvider, connectionString) = TestDatabase.For(folder.Path);
        services.AddClinicBlog(new ClinicBlogStorageOptions
        {
            DataDirectory = folder.Path,
            RecipesDirectory = TestPaths.RecipesDirectory,
            Provider = databaseProvider,
            ConnectionString = connectionString,
        });
        provider = services.BuildServiceProvider();
    }

    public IServiceProvider Services => provider;

    public TempDirectory Folder => folder;

    public static async Task<ModuleDatabase> CreateAsync()
    {
        var database = new ModuleDatabase();
        await database.provider.MigrateClinicBlogDatabaseAsync();
        return database;
    }

    /// <summary>Reads and validates a recipe as <c>recipe validate</c> does; changes nothing.</summary>
    public Task<IReadOnlyList<RecipeError>> ValidateAsync(string json) => RunAsync(json, apply: false);

    /// <summary>Applies a recipe as <c>recipe apply</c> does: all of it, or nothing and the errors.</summary>
    public Task<IReadOnlyList<RecipeError>> ApplyAsync(string json) => RunAsync(json, apply: true);

    public async Task ApplyValidAsync(string json)
    {
        var errors = await ApplyAsync(json);
        Assert.True(errors.Count == 0, "The recipe should apply, but: " + string.Join(Environment.NewLine, errors));
    }

    public async Task<T> QueryAsync<T>(Func<ClinicBlogDbContext, Task<T>> query)
    {
        await using var scope = provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>());
    }

    public Task<StoredCounts> CountAsync() => QueryAsync(StoredCounts.ReadAsync);

    private async Task<IReadOnlyList<RecipeError>> RunAsync(string json, bool apply)
    {
        var errors = new RecipeErrors();
        var recipe = RecipeDocument.Read(json, errors);
        if (recipe is null || errors.Any) return errors.All;
        await using var scope = provider.CreateAsyncScope();
        var applier = scope.ServiceProvider.GetRequiredService<RecipeApplier>();
        return apply ? await applier.ApplyAsync(recipe, default) : await applier.ValidateAsync(recipe, default);
    }

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        folder.Dispose();
    }
}

/// <summary>How many of each thing a recipe writes are stored: equal counts mean nothing was added twice.</summary>
internal sealed record StoredCounts(
    int Articles, int PublishedArticles, int Authors, int Roles, int RolePermissions, int RoleClaims,
    int ContentDefinitions, int SlugRedirects, int SiteSettings, int Users)
{
    public static async Task<StoredCounts> ReadAsync(ClinicBlogDbContext db) => new(
        await db.Articles.CountAsync(),
        await db.Articles.CountAsync(a => a.Published != null),
        await db.Authors.CountAsync(),
        await db.Roles.CountAsync(),
        await db.RoleClaims.CountAsync(c => c.ClaimType == Permissions.ClaimType),
        await db.RoleClaims.CountAsync(),
        await db.ContentDefinitions.CountAsync(),
        await db.ArticleSlugRedirects.CountAsync(),
        await db.SiteSettings.CountAsync(),
        await db.Users.CountAsync());
}
