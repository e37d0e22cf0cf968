using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicBlog.Content;

namespace ClinicBlog.Recipes;

/// <summary>A recipe as read: Orchard Core's header fields and its steps, still as JSON.</summary>
internal sealed class RecipeDocument
{
    public string Name { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Description { get; init; } = "";
    public string Author { get; init; } = "";
    public string Website { get; init; } = "";
    public string Version { get; init; } = "";
    public bool IsSetupRecipe { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<RecipeStepJson> Steps { get; init; } = [];

    /// <summary>Reads a recipe, or says in <paramref name="errors"/> why it cannot be read.</summary>
    public static RecipeDocument? Read(string json, RecipeErrors errors) => Read(Encoding.UTF8.GetBytes(json), errors);

    /// <summary>Reads a recipe from its UTF-8 bytes, which it keeps and reads items from later: they must not change.</summary>
    public static RecipeDocument? Read(ReadOnlyMemory<byte> utf8, RecipeErrors errors)
    {
        if (utf8.Span.StartsWith(Utf8Bom)) utf8 = utf8[Utf8Bom.Length..];
        JsonNode? root;
        IReadOnlyList<RecipeStepBytes>? stepBytes;
        try
        {
            (root, stepBytes) = RecipeScan.Root(utf8);
        }
        catch (JsonException e)
        {
            errors.Add($"The recipe is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
            return null;
        }
        catch (ArgumentException e)
        {
            // A case-insensitive object refuses two names that differ only in case.
            errors.Add($"The recipe names a property twice (names are case-insensitive): {e.Message}");
            return null;
        }

        if (root is not JsonObject obj)
        {
            errors.Add($"The recipe must be a JSON object with \"name\" and \"steps\", found {RecipeJson.Describe(root)}.");
            return null;
        }

        var name = RecipeJson.String(obj["name"]);
        if (string.IsNullOrWhiteSpace(name)) errors.Add("The recipe has no \"name\": expected a name such as \"clinic-blog\".");

        var steps = new List<RecipeStepJson>();
        if (stepBytes is null)
        {
            errors.Add($"The recipe has no \"steps\" list: expected \"steps\": [ {{ \"name\": \"Settings\", ... }} ], found {RecipeJson.Describe(obj["steps"])}.");
        }
        else
        {
            for (var i = 0; i < stepBytes.Count; i++)
            {
                try
                {
                    if (RecipeScan.Step(utf8, stepBytes[i]) is { } step) steps.Add(step);
                    else errors.Add($"step {i + 1}: expected an object with a \"name\", found {RecipeJson.Describe(RecipeScan.Value(utf8, stepBytes[i]))}.");
                }
                catch (ArgumentException e)
                {
                    errors.Add($"step {i + 1} names a property twice (names are case-insensitive): {e.Message}");
                }
            }
        }

        return new RecipeDocument
        {
            Name = name ?? "",
            DisplayName = RecipeJson.String(obj["displayName"]) ?? name ?? "",
            Description = RecipeJson.String(obj["description"]) ?? "",
            Author = RecipeJson.String(obj["author"]) ?? "",
            Website = RecipeJson.String(obj["website"]) ?? "",
            Version = RecipeJson.String(obj["version"]) ?? "",
            IsSetupRecipe = RecipeJson.Bool(obj["issetuprecipe"]) ?? false,
            Categories = Strings(obj["categories"]),
            Tags = Strings(obj["tags"]),
            Steps = steps,
        };
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(RecipeJson.String).OfType<string>().ToArray() : [];

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
