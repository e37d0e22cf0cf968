using System.Text.Json.Nodes;
using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Recipes.Steps;

/// <summary><c>ContentDefinition</c>: content types with their parts, and parts with their fields.</summary>
internal sealed class ContentDefinitionStep(ClinicBlogDbContext db) : IRecipeStep
{
    public string Name => "ContentDefinition";

    private static readonly string[] TypeSettings = ["Creatable", "Listable", "Draftable", "Versionable", "Securable"];

    public Task ValidateAsync(RecipeStepJson step, RecipeStepInfo info, RecipeValidationContext context, RecipeErrors errors, CancellationToken ct)
    {
        var types = step.Json["ContentTypes"];
        var parts = step.Json["ContentParts"];
        if (types is null && parts is null)
        {
            errors.Add(info, "expected \"ContentTypes\" or \"ContentParts\" (or both).");
        }

        foreach (var (type, i) in Items(types, "ContentTypes", info, errors))
        {
            var name = RecipeJson.String(type["Name"]);
            var where = $"ContentTypes[{i}]";
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(info, $"{where}: \"Name\" is missing: expected one of {Known(ContentCatalog.PartsOfType.Keys)}.");
                continue;
            }

            if (!ContentCatalog.PartsOfType.TryGetValue(name, out var allowedParts))
            {
                errors.Add(info, $"{where}: content type '{name}' is unknown to ClinicBlog: expected one of {Known(ContentCatalog.PartsOfType.Keys)}.");
                continue;
            }

            ValidateTypeSettings(type["Settings"], $"content type '{name}'", info, errors);
            var partNames = new List<string>();
            foreach (var (part, j) in Items(type["ContentTypePartDefinitionRecords"], $"content type '{name}' ContentTypePartDefinitionRecords", info, errors))
            {
                var partName = RecipeJson.String(part["PartName"]) ?? RecipeJson.String(part["Name"]);
                if (string.IsNullOrWhiteSpace(partName))
                    errors.Add(info, $"content type '{name}', part {j}: \"PartName\" is missing.");
                else if (!allowedParts.Contains(partName))
                    errors.Add(info, $"content type '{name}': part '{partName}' is unknown for this type: expected some of {Known(allowedParts)}.");
                else
                    partNames.Add(partName);
            }

            context.DefineType(name, partNames);
        }

        foreach (var (part, i) in Items(parts, "ContentParts", info, errors))
        {
            var name = RecipeJson.String(part["Name"]);
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(info, $"ContentParts[{i}]: \"Name\" is missing.");
                continue;
            }

            if (!ContentCatalog.FieldsOfPart.TryGetValue(name, out var allowedFields))
            {
                errors.Add(info, $"content part '{name}' is unknown to ClinicBlog: expected one of {Known(ContentCatalog.FieldsOfPart.Keys)}.");
                continue;
            }

            foreach (var (field, j) in Items(part["ContentPartFieldDefinitionRecords"], $"content part '{name}' ContentPartFieldDefinitionRecords", info, errors))
            {
                var fieldName = RecipeJson.String(field["Name"]);
                if (string.IsNullOrWhiteSpace(fieldName))
                {
                    errors.Add(info, $"content part '{name}', field {j}: \"Name\" is missing.");
                }
                else if (!allowedFields.Contains(fieldName))
                {
                    errors.Add(info, $"content part '{name}': field '{fieldName}' is unknown: expected some of {Known(allowedFields)}.");
                }
                else if (field["Settings"] is JsonObject settings)
                {
                    foreach (var (key, value) in settings)
                    {
                        if (value is not JsonObject s) continue;
                        if (s["Required"] is { } required && RecipeJson.Bool(required) is null)
                            errors.Add(info, $"content part '{name}', field '{fieldName}', {key}.Required: expected true or false, found {RecipeJson.Describe(required)}.");
                        if (s["Hint"] is { } hint && RecipeJson.String(hint) is null)
                            errors.Add(info, $"content part '{name}', field '{fieldName}', {key}.Hint: expected text, found {RecipeJson.Describe(hint)}.");
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    public async Task ApplyAsync(RecipeStepJson step, CancellationToken ct)
    {
        await SaveAsync(step.Json["ContentTypes"], ContentDefinitionRecord.TypeKind, ct);
        await SaveAsync(step.Json["ContentParts"], ContentDefinitionRecord.PartKind, ct);
    }

    private async Task SaveAsync(JsonNode? list, string kind, CancellationToken ct)
    {
        if (list is not JsonArray array) return;
        foreach (var item in array.OfType<JsonObject>())
        {
            // Stored under the catalog's spelling so look-ups do not depend on the recipe's case.
            var given = RecipeJson.String(item["Name"])!;
            var catalog = kind == ContentDefinitionRecord.TypeKind ? ContentCatalog.PartsOfType.Keys : ContentCatalog.FieldsOfPart.Keys;
            var name = catalog.First(k => k.Equals(given, StringComparison.OrdinalIgnoreCase));
            var record = await db.ContentDefinitions.FirstOrDefaultAsync(d => d.Kind == kind && d.Name == name, ct);
            if (record is null)
            {
                record = new ContentDefinitionRecord { Kind = kind, Name = name };
                db.ContentDefinitions.Add(record);
            }

            record.DisplayName = RecipeJson.String(item["DisplayName"]) ?? name;
            record.Json = item.ToJsonString();
        }
    }

    private static void ValidateTypeSettings(JsonNode? settings, string where, RecipeStepInfo info, RecipeErrors errors)
    {
        if (settings is null) return;
        if (settings is not JsonObject obj)
        {
            errors.Add(info, $"{where}: \"Settings\" must be an object, found {RecipeJson.Describe(settings)}.");
            return;
        }

        // Newer recipes nest the flags in ContentTypeSettings; older ones put them flat ("Creatable": "True").
        var flags = obj["ContentTypeSettings"] as JsonObject ?? obj;
        foreach (var flag in TypeSettings)
        {
            if (flags[flag] is { } value && RecipeJson.Bool(value) is null)
                errors.Add(info, $"{where}: setting '{flag}' must be true or false, found {RecipeJson.Describe(value)}.");
        }
    }

    private static IEnumerable<(JsonObject Item, int Index)> Items(JsonNode? node, string what, RecipeStepInfo info, RecipeErrors errors)
    {
        if (node is null) yield break;
        if (node is not JsonArray array)
        {
            errors.Add(info, $"\"{what}\" must be a list, found {RecipeJson.Describe(node)}.");
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject o) yield return (o, i);
            else errors.Add(info, $"{what}[{i}] must be an object, found {RecipeJson.Describe(array[i])}.");
        }
    }

    private static string Known(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
