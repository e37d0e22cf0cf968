using System.Text.Json.Nodes;

namespace ClinicBlog.Tests.Support;

/// <summary>Recipes for tests: the setup recipe to change one thing in, or a few steps written inline.</summary>
internal static class RecipeText
{
    public const string ClinicTeam = "4authorclinicteam00000000a";
    public const string ReginaDurbin = "4authorreginadurbin000000a";
    public const string JoeFleming = "4authorjoefleming00000000a";
    public const string IastmFootPain = "4articleiastmfootpain0000a";
    public const string IastmHealing = "4articleiastmhealing00000a";

    /// <summary>The setup recipe as JSON to change; a fresh copy each time.</summary>
    public static JsonObject Setup() => JsonNode.Parse(File.ReadAllText(TestPaths.SetupRecipe))!.AsObject();

    public static JsonArray Steps(this JsonObject recipe) => recipe["steps"]!.AsArray();

    /// <summary>A step of the setup recipe by its name (ContentDefinition is step 1, Roles 2, Settings 3, Content 4).</summary>
    public static JsonObject Step(this JsonObject recipe, string name) =>
        recipe.Steps().OfType<JsonObject>().Single(s => (string?)s["name"] == name);

    public static JsonObject Item(this JsonObject recipe, string contentItemId) =>
        recipe.Step("Content")["data"]!.AsArray().OfType<JsonObject>().Single(i => (string?)i["ContentItemId"] == contentItemId);

    public static JsonObject ContentType(this JsonObject recipe, string name) =>
        recipe.Step("ContentDefinition")["ContentTypes"]!.AsArray().OfType<JsonObject>().Single(t => (string?)t["Name"] == name);

    public static JsonObject ContentPart(this JsonObject recipe, string name) =>
        recipe.Step("ContentDefinition")["ContentParts"]!.AsArray().OfType<JsonObject>().Single(t => (string?)t["Name"] == name);

    /// <summary>A recipe of the given steps, each a JSON object.</summary>
    public static string Of(params string[] steps) => $$"""{ "name": "test", "steps": [ {{string.Join(",\n", steps)}} ] }""";

    /// <summary>The setup recipe's ContentDefinition step, as JSON text.</summary>
    public static string DefinitionStep() => Setup().Step("ContentDefinition").ToJsonString();

    /// <summary>A Content step with one article; <paramref name="extra"/> adds item properties (e.g. "\"Published\": false").</summary>
    public static string ArticleStep(string id, string title, string path, string authorId, bool published = true, string markdown = "Body text.") =>
        $$"""
        {
          "name": "Content",
          "data": [
            {
              "ContentItemId": "{{id}}",
              "ContentType": "GuestArticle",
              "Published": {{(published ? "true" : "false")}},
              "Latest": true,
              "PublishedUtc": "2025-05-01T10:00:00Z",
              "TitlePart": { "Title": {{JsonValue.Create(title).ToJsonString()}} },
              "AutoroutePart": { "Path": "{{path}}" },
              "MarkdownBodyPart": { "Markdown": {{JsonValue.Create(markdown).ToJsonString()}} },
              "GuestArticle": {
                "Author": { "ContentItemIds": [ "{{authorId}}" ] },
                "Summary": { "Text": {{JsonValue.Create(title + " summary").ToJsonString()}} }
              }
            }
          ]
        }
        """;
}
