using ClinicBlog.Caching;
using System.Text.Json.Nodes;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Content;

/// <summary>Reads the stored content definitions: display names, which parts a type has, field settings.</summary>
/// <remarks>Definitions change only through recipes, which invalidate the whole site: each answer is kept until then.</remarks>
internal sealed class ContentDefinitions(ClinicBlogDbContext db, PageDataCache cache)
{
    public const string GuestArticle = "GuestArticle";
    public const string AuthorBio = "AuthorBio";
    public const string Comment = "Comment";
    public const string CommentsPart = "CommentsPart";

    public Task<bool> TypeHasPartAsync(string type, string part, CancellationToken ct = default) =>
        cache.GetAsync($"definition|type-part|{type}|{part}", async () => (await ReadTypeHasPartAsync(type, part, ct), Array.Empty<string>()));

    /// <summary>The settings of each field of a part, as <see cref="FieldSettings"/>, by field name.</summary>
    public Task<IReadOnlyDictionary<string, FieldSettings>> FieldsOfPartAsync(string part, CancellationToken ct = default) =>
        cache.GetAsync($"definition|part-fields|{part}", async () => (await ReadFieldsOfPartAsync(part, ct), Array.Empty<string>()));

    private async Task<bool> ReadTypeHasPartAsync(string type, string part, CancellationToken ct)
    {
        var record = await db.ContentDefinitions.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Kind == ContentDefinitionRecord.TypeKind && d.Name == type, ct);
        return record is not null && PartsOf(JsonNode.Parse(record.Json, RecipeJson.NodeOptions)!.AsObject()).Contains(part, StringComparer.OrdinalIgnoreCase);
    }

    private async Task<IReadOnlyDictionary<string, FieldSettings>> ReadFieldsOfPartAsync(string part, CancellationToken ct)
    {
        var record = await db.ContentDefinitions.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Kind == ContentDefinitionRecord.PartKind && d.Name == part, ct);
        var fields = new Dictionary<string, FieldSettings>(StringComparer.OrdinalIgnoreCase);
        if (record is null) return fields;
        var json = JsonNode.Parse(record.Json, RecipeJson.NodeOptions)!.AsObject();
        if (json["ContentPartFieldDefinitionRecords"] is JsonArray records)
        {
            foreach (var f in records.OfType<JsonObject>())
            {
                var name = f["Name"]?.GetValue<string>();
                if (name is not null) fields[name] = FieldSettings.From(f);
            }
        }

        return fields;
    }

    internal static IEnumerable<string> PartsOf(JsonObject type) =>
        type["ContentTypePartDefinitionRecords"] is JsonArray parts
            ? parts.OfType<JsonObject>().Select(p => (p["PartName"] ?? p["Name"])?.GetValue<string>()).OfType<string>()
            : [];
}

/// <summary>What ClinicBlog honours of a field's settings.</summary>
internal sealed record FieldSettings(string DisplayName, bool Required, string Hint)
{
    /// <summary>Reads Orchard's shape: <c>ContentPartFieldSettings.DisplayName</c> and <c>Required</c>/<c>Hint</c> in the field type's own settings.</summary>
    public static FieldSettings From(JsonObject field)
    {
        var name = field["Name"]?.GetValue<string>() ?? "";
        var displayName = name;
        var required = false;
        var hint = "";
        if (field["Settings"] is JsonObject settings)
        {
            foreach (var (key, value) in settings)
            {
                if (value is not JsonObject s) continue;
                if (key.Equals("ContentPartFieldSettings", StringComparison.OrdinalIgnoreCase))
                {
                    displayName = RecipeJson.String(s["DisplayName"]) ?? displayName;
                }
                else
                {
                    required |= RecipeJson.Bool(s["Required"]) ?? false;
                    hint = RecipeJson.String(s["Hint"]) ?? hint;
                }
            }
        }

        return new FieldSettings(displayName, required, hint);
    }
}
