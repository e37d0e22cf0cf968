using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicBlog.Content;

namespace ClinicBlog.Recipes;

/// <summary>One step as read: its properties as an object, and its <c>data</c> list of items, if it has one, apart.</summary>
/// <param name="Json">Every property of the step but a <c>data</c> list.</param>
/// <param name="Data">The step's <c>data</c> list (a Content step's items), read one item at a time; null when there is none.</param>
internal sealed record RecipeStepJson(JsonObject Json, RecipeItems? Data);

/// <summary>A step's <c>data</c> list, kept as the recipe's bytes of each item and read one item at a time.</summary>
/// <remarks>
/// A recipe of 100,000 articles is 126 MB of UTF-8. Parsed whole, as one document and objects, it took several times
/// that (1.5 GB to validate); kept as bytes, with each item parsed when it is checked or written and let go of after,
/// it takes its size.
/// </remarks>
internal sealed class RecipeItems(string name, ReadOnlyMemory<byte> json, List<(int Start, int Length)> items)
{
    /// <summary>The list's name as the recipe writes it ("data", "Data"…), for paths in messages.</summary>
    public string Name => name;

    public int Count => items.Count;

    public bool IsObject(int index) => json.Span[items[index].Start] == (byte)'{';

    /// <summary>The item, parsed afresh from its bytes each time: nothing of it is kept once the caller lets go.</summary>
    public JsonNode? Read(int index) => RecipeJson.Parse(json.Span.Slice(items[index].Start, items[index].Length));

    /// <summary>The item as an object; only for an item that <see cref="IsObject"/>.</summary>
    public JsonObject ReadObject(int index) => (JsonObject)Read(index)!;
}

/// <summary>Where a step's bytes are in the recipe.</summary>
internal readonly record struct RecipeStepBytes(int Start, int Length);

/// <summary>
/// Reads a recipe's bytes with a forward-only reader: the header into an object, each step's properties into an object,
/// and a step's <c>data</c> list into <see cref="RecipeItems"/>, which only remembers where each item is.
/// </summary>
internal static class RecipeScan
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The root (its properties but the steps when it is an object) and where each step is, if "steps" is a list.</summary>
    /// <exception cref="JsonException">The bytes are not JSON; the message has the line.</exception>
    /// <exception cref="ArgumentException">An object names a property twice (names are case-insensitive).</exception>
    public static (JsonNode? Root, IReadOnlyList<RecipeStepBytes>? Steps) Root(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span, ReaderOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            End(ref reader);
            return (RecipeJson.Parse(json.Span), null);
        }

        var root = new JsonObject(RecipeJson.NodeOptions);
        List<RecipeStepBytes>? steps = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (steps is null && reader.TokenType == JsonTokenType.StartArray && name.Equals("steps", StringComparison.OrdinalIgnoreCase))
            {
                steps = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    steps.Add(new RecipeStepBytes(start, (int)reader.BytesConsumed - start));
                }

                // Kept by name only, so that a second "Steps" is refused like any property named twice.
                root.Add(name, new JsonArray());
            }
            else
            {
                root.Add(name, ValueHere(ref reader, json.Span));
            }
        }

        End(ref reader);
        return (root, steps);
    }

    /// <summary>A step's properties, its <c>data</c> list apart; null when the step is not an object.</summary>
    public static RecipeStepJson? Step(ReadOnlyMemory<byte> json, RecipeStepBytes at)
    {
        var bytes = json.Slice(at.Start, at.Length);
        var reader = new Utf8JsonReader(bytes.Span, ReaderOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) return null;

        var step = new JsonObject(RecipeJson.NodeOptions);
        RecipeItems? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (data is null && reader.TokenType == JsonTokenType.StartArray && name.Equals("data", StringComparison.OrdinalIgnoreCase))
            {
                var items = new List<(int, int)>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    items.Add((at.Start + start, (int)reader.BytesConsumed - start));
                }

                data = new RecipeItems(name, json, items);
            }
            else
            {
                step.Add(name, ValueHere(ref reader, bytes.Span));
            }
        }

        return new RecipeStepJson(step, data);
    }

    /// <summary>Whatever is at <paramref name="at"/>, as a node (to say what a step that is no object is).</summary>
    public static JsonNode? Value(ReadOnlyMemory<byte> json, RecipeStepBytes at) => RecipeJson.Parse(json.Span.Slice(at.Start, at.Length));

    /// <summary>The value the reader is at, parsed on its own; the reader moves past it.</summary>
    private static JsonNode? ValueHere(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return RecipeJson.Parse(json[start..(int)reader.BytesConsumed]);
    }

    /// <summary>Nothing but comments may follow the root: the reader throws, with the line, at anything else.</summary>
    private static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException("The recipe has more after its end.");
    }
}
