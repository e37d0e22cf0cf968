using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClinicBlog.Content;

/// <summary>JSON read the way Orchard Core reads recipes: comments, trailing commas, names in any case.</summary>
internal static class RecipeJson
{
    public static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static JsonNode? Parse(string json) => JsonNode.Parse(json, NodeOptions, DocumentOptions);

    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json) => JsonNode.Parse(utf8Json, NodeOptions, DocumentOptions);

    /// <summary>A string, also from a number or boolean written as one (Orchard writes "True").</summary>
    public static string? String(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>A boolean from true/false or Orchard's older "True"/"False" strings; null when it is neither.</summary>
    public static bool? Bool(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed) => parsed,
        _ => null,
    };

    public static int? Int(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static DateTime? Utc(JsonNode? node) =>
        String(node) is { } s && DateTime.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? DateTime.SpecifyKind(d, DateTimeKind.Utc)
            : null;

    /// <summary>The kind of value a node holds, in words for error messages.</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "text",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "true/false",
            _ => "a value",
        },
        _ => "a value",
    };
}
