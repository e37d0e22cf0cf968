using System.Text.Json;
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
            foreach (var (step, json, info) in plan)
            {
                try
                {
                    await step.ApplyAsync(json, ct);
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e)
                {
                    // What validation cannot see (a database rule, a row changed meanwhile) stops the recipe where it
                    // is; the transaction is never committed, so what went before is undone too.
                    db.ChangeTracker.Clear();
                    errors.Add(info, $"the database refused a change: {(e.InnerException ?? e).Message}");
                    return errors.All;
                }
            }

            if (transaction is not null) await transaction.CommitAsync(ct);
        }

        // A recipe may change anything on any page; inside setup's transaction the site has no cached pages yet.
        if (transaction is not null) await cache.InvalidateAsync([PageTags.Site], ct);
        logger.LogInformation("Applied recipe {Recipe} ({Steps} steps)", recipe.Name, plan.Count);
        return [];
    }

    private async Task<List<(IRecipeStep Step, RecipeStepJson Json, RecipeStepInfo Info)>> ValidateAsync(RecipeDocument recipe, RecipeErrors errors, CancellationToken ct)
    {
        var byName = ByName;
        var context = new RecipeValidationContext(db);
        var plan = new List<(IRecipeStep, RecipeStepJson, RecipeStepInfo)>();
        for (var i = 0; i < recipe.Steps.Count; i++)
        {
            var json = recipe.Steps[i];
            var name = RecipeJson.String(json.Json["name"]);
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

            foreach (var path in ScriptExpressions(json))
                errors.Add(info, $"{path} holds a script expression ([js: ...]), which ClinicBlog does not run: write the value itself.");

            await step.ValidateAsync(json, info, context, errors, ct);
            plan.Add((step, json, info));
        }

        return plan;
    }

    /// <summary>Where a step uses Orchard's <c>[js: ...]</c> scripting, by JSON path.</summary>
    /// <remarks>A path is made only where one is found, and the items of a data list are read one at a time: a step may hold 100,000.</remarks>
    private static List<string> ScriptExpressions(RecipeStepJson step)
    {
        var found = new List<string>();
        var path = new List<string>();
        Walk(step.Json);
        if (step.Data is { } data)
        {
            for (var i = 0; i < data.Count; i++)
            {
                path.Add($"{data.Name}[{i}]");
                Walk(data.Read(i));
                path.Clear();
            }
        }

        return found;

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        path.Add(path.Count == 0 ? key : "." + key);
                        Walk(value);
                        path.RemoveAt(path.Count - 1);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        path.Add($"[{i}]");
                        Walk(a[i]);
                        path.RemoveAt(path.Count - 1);
                    }

                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Contains("[js:", StringComparison.OrdinalIgnoreCase):
                    found.Add(string.Concat(path));
                    break;
            }
        }
    }
}
