using ClinicBlog.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Recipes;

/// <summary>A recipe found in the recipes folder.</summary>
public sealed record RecipeInfo(string Name, string DisplayName, string Description, bool IsSetupRecipe, string FilePath);

/// <summary>The outcome of validating or applying a recipe: empty <see cref="Errors"/> means it worked.</summary>
public sealed record RecipeResult(IReadOnlyList<RecipeError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>What a host may do with recipes: list them, validate a file, apply a file (the command line and setup use it).</summary>
public sealed class RecipeCommands
{
    private readonly IServiceProvider services;
    private readonly ClinicBlogStorageOptions storage;

    internal RecipeCommands(IServiceProvider services, IOptions<ClinicBlogStorageOptions> storage)
    {
        this.services = services;
        this.storage = storage.Value;
    }

    public IReadOnlyList<RecipeInfo> List()
    {
        if (!Directory.Exists(storage.RecipesDirectory)) return [];
        var found = new List<RecipeInfo>();
        foreach (var file in Directory.EnumerateFiles(storage.RecipesDirectory, "*.recipe.json").Order(StringComparer.Ordinal))
        {
            var errors = new RecipeErrors();
            var recipe = RecipeDocument.Read(File.ReadAllBytes(file), errors);
            if (recipe is not null && recipe.Name.Length > 0)
                found.Add(new RecipeInfo(recipe.Name, recipe.DisplayName, recipe.Description, recipe.IsSetupRecipe, file));
        }

        return found;
    }

    public RecipeInfo? Find(string name) =>
        List().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    public Task<RecipeResult> ValidateFileAsync(string path, CancellationToken ct = default) => RunAsync(path, apply: false, ct);

    public Task<RecipeResult> ApplyFileAsync(string path, CancellationToken ct = default) => RunAsync(path, apply: true, ct);

    internal async Task<RecipeResult> RunAsync(string path, bool apply, CancellationToken ct)
    {
        if (!File.Exists(path)) return Fail($"The recipe file '{path}' does not exist.");
        var errors = new RecipeErrors();
        var recipe = RecipeDocument.Read(await File.ReadAllBytesAsync(path, ct), errors);
        if (recipe is null || errors.Any) return new RecipeResult(errors.All);
        await using var scope = services.CreateAsyncScope();
        var applier = scope.ServiceProvider.GetRequiredService<RecipeApplier>();
        return new RecipeResult(apply ? await applier.ApplyAsync(recipe, ct) : await applier.ValidateAsync(recipe, ct));
    }

    private static RecipeResult Fail(string message) => new([new RecipeError(null, null, message)]);
}
