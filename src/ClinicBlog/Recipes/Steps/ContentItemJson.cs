using System.Text.Json.Nodes;
using ClinicBlog.Content;

namespace ClinicBlog.Recipes.Steps;

/// <summary>How a Content step's item is read: the same way when it is checked and when it is written.</summary>
internal static class ContentItemJson
{
    public static string? Id(JsonObject item) => RecipeJson.String(item["ContentItemId"]);

    public static bool Is(JsonObject item, string type) =>
        string.Equals(RecipeJson.String(item["ContentType"]), type, StringComparison.OrdinalIgnoreCase);

    /// <summary>The title, and the field it came from (Orchard writes it in TitlePart and again as DisplayText).</summary>
    public static (string? Text, string Field) Title(JsonObject item) =>
        RecipeJson.String(item["TitlePart"]?["Title"]) is { Length: > 0 } t ? (t, "TitlePart.Title") : (RecipeJson.String(item["DisplayText"]), "DisplayText");

    public static string? Markdown(JsonObject item) => RecipeJson.String(item["MarkdownBodyPart"]?["Markdown"]);

    public static string? Path(JsonObject item) => RecipeJson.String(item["AutoroutePart"]?["Path"]);

    /// <summary>Orchard's TextField: <c>{ "Text": "..." }</c>; a plain string is taken too.</summary>
    public static string? FieldText(JsonObject? part, string field) => part?[field] switch
    {
        JsonObject o => RecipeJson.String(o["Text"]),
        var v => RecipeJson.String(v),
    };

    public static IEnumerable<string> TagNames(JsonObject? articlePart) =>
        (articlePart?["Tags"]?["TagNames"] as JsonArray ?? []).Select(RecipeJson.String).OfType<string>();

    /// <summary>Text as it is stored: repaired of mojibake and trimmed.</summary>
    public static string Text(string? value) => Mojibake.Repair(value ?? "").Trim();

    /// <summary>How long <paramref name="value"/> is as stored, when that is more than <paramref name="max"/>; else null.</summary>
    /// <remarks>Repair and trimming only ever shorten text, so anything no longer than the limit as written is within it.</remarks>
    public static int? LengthOver(string? value, int max) =>
        value is null || value.Length <= max ? null : Text(value).Length is var stored && stored > max ? stored : null;
}
