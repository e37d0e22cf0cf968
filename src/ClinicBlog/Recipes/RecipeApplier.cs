using System.Text.Json.Nodes;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ClinicBlog.Recipes;

/// <summary>Validates a whole recipe, then applies it in one transaction: all of it or nothing.</summary>
/// <remarks>
/// Orchard Core hands every step to every handler, so a misspelt step passes silently; here steps are looked up by
/// name and an unknown one is an error, like a step only a full Orchard Core host understands.
/// </remarks>
internal sealed class RecipeApplier(ClinicBlogDbContext db, IEnumerable<IRecipeStep> steps, PageCache cache, ILogger<RecipeApplier> logger)
{
    /// <summary>Steps of Orchard Core recipes that need modules ClinicBlog does not have.</summary>
    private static readonly HashSet<string> OrchardOnlySteps = new(StringComparer.OrdinalIgnoreCase)
    {
        "feature", "themes", "layers", "queries", "lucene-index", "lucene-settings", "elastic-index", "azureai-index",
        "media", "deployment", "custom-settings", "admin-menu", "sitemaps", "workflows", "templates", "admintemplates",
        "shortcodes", "placements", "recipes", "urlrewriting", "replacecontentdefinition", "deletecontentdefinition",
        "deletecontent", "command", "openidapplication", "openidserversettings", "openidscope", "users", "sitesettings",
        "ContentDefinitionSettings", "luceneindexrebuild", "luceneindexreset", "layout", "adminmenu",
    };

    private Dictionary<string, IRecipeStep> ByName => steps.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<RecipeError>> ValidateAsync(RecipeDocument recipe, CancellationToken ct)
    {
        var errors = new RecipeErrors();
        await ValidateAsync(recipe, errors, ct);
        return errors.All;
    }

    /// <summary>Applies the recipe if it is valid; returns what is wrong otherwise, having changed nothing.</summary>
    public async Task<IReadOnlyList<RecipeError>> ApplyAsync(RecipeDocument recipe, CancellationToken ct)
    {
        var errors = new RecipeErrors();
        var plan = await ValidateAsync(recipe, errors, ct);
        if (errors.Any) return errors.All;

        // Setup runs the recipe inside its own transaction (with the admin account); otherwise the recipe has one.
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (transaction)
        {
            foreach (var (step, json) in plan)
            {
                await step.ApplyAsync(json, ct);
                await db.SaveChangesAsync(ct);
            }

            if (transaction is not null) await transaction.CommitAsync(ct);
        }

        // A recipe may change anything on any page; inside setup's transaction the site has no cached pages yet.
        if (transaction is not null) await cache.InvalidateAsync([PageTags.Site], ct);
        logger.LogInformation("Applied recipe {Recipe} ({Steps} steps)", recipe.Name, plan.Count);
        return [];
    }

    private async Task<List<(IRecipeStep Step, JsonObject Json)>> ValidateAsync(RecipeDocument recipe, RecipeErrors errors, CancellationToken ct)
    {
        var byName = ByName;
        var context = new RecipeValidationContext(db);
        var plan = new List<(IRecipeStep, JsonObject)>();
        for (var i = 0; i < recipe.Steps.Count; i++)
        {
            var json = recipe.Steps[i];
            var name = RecipeJson.String(json["name"]);
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"step {i + 1}: \"name\" is missing: expected one of {string.Join(", ", byName.Keys)}.");
                continue;
            }

            var info = new RecipeStepInfo(i + 1, name);
            if (!byName.TryGetValue(name, out var step))
            {
                errors.Add(info, OrchardOnlySteps.Contains(name)
                    ? $"step {i + 1} '{name}' is not supported by ClinicBlog (it needs a full Orchard Core host); remove it."
                    : $"unknown step: ClinicBlog knows {string.Join(", ", byName.Keys)}.");
                continue;
            }

            foreach (var path in ScriptExpressions(json, ""))
                errors.Add(info, $"{path} holds a script expression ([js: ...]), which ClinicBlog does not run: write the value itself.");

            await step.ValidateAsync(json, info, context, errors, ct);
            plan.Add((step, json));
        }

        return plan;
    }

    /// <summary>Where a step uses Orchard's <c>[js: ...]</c> scripting, by JSON path.</summary>
    private static IEnumerable<string> ScriptExpressions(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => ScriptExpressions(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((n, i) => ScriptExpressions(n, $"{path}[{i}]")),
        JsonValue v when v.TryGetValue<string>(out var s) && s.Contains("[js:", StringComparison.OrdinalIgnoreCase) => [path],
        _ => [],
    };
}
