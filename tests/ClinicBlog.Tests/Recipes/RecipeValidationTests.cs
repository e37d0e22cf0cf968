using System.Text.Json.Nodes;
using ClinicBlog.Recipes;
using ClinicBlog.Tests.Support;

namespace ClinicBlog.Tests.Recipes;

/// <summary>
/// What a recipe author reads when a recipe is wrong: each kind of mistake, made once in the otherwise valid setup
/// recipe, gives exactly one message that names the step (number and name), the item or field, and what was expected.
/// </summary>
/// <remarks>The setup recipe's steps are 1 ContentDefinition, 2 Roles, 3 Settings, 4 Content.</remarks>
public sealed class RecipeValidationTests(EmptyDatabaseFixture fixture) : IClassFixture<EmptyDatabaseFixture>
{
    private ModuleDatabase Db => fixture.Database;

    /// <summary>A mistake made in the setup recipe and the one error it must give.</summary>
    public sealed record Mistake(Action<JsonObject> Make, int? StepIndex, string? StepName, params string[] Says);

    private static readonly Dictionary<string, Mistake> Mistakes = new()
    {
        ["a step without a name"] = new(r => r.Step("Roles").Remove("name"),
            null, null, "step 2:", "\"name\" is missing", "expected one of", "ContentDefinition", "Roles", "Settings", "Content"),
        ["an unknown step name"] = new(r => r.Steps().Add(new JsonObject { ["name"] = "Contents", ["data"] = new JsonArray() }),
            5, "Contents", "step 5 'Contents'", "unknown step", "ClinicBlog knows", "ContentDefinition", "Roles", "Settings", "Content"),
        ["an Orchard-only step"] = new(r => r.Steps().Insert(0, new JsonObject { ["name"] = "feature", ["enable"] = new JsonArray("OrchardCore.Contents") }),
            1, "feature", "step 1 'feature' is not supported by ClinicBlog", "remove it"),
        ["a script expression in a setting"] = new(r => r.Step("Settings")["Tagline"] = "[js: variables('tagline')]",
            3, "Settings", "Tagline", "[js: ...]", "write the value itself"),
        ["a script expression in an item"] = new(r => r.Item(RecipeText.IastmFootPain)["TitlePart"]!["Title"] = "[js: uuid()]",
            4, "Content", "data[7].TitlePart.Title", "[js: ...]", "write the value itself"),

        // ContentDefinition
        ["a content type ClinicBlog does not know"] = new(r => r.Step("ContentDefinition")["ContentTypes"]!.AsArray().Add(new JsonObject { ["Name"] = "BlogPost" }),
            1, "ContentDefinition", "ContentTypes[3]", "content type 'BlogPost' is unknown", "expected one of", "'GuestArticle'", "'AuthorBio'"),
        ["a part the type cannot have"] = new(r => r.ContentType("GuestArticle")["ContentTypePartDefinitionRecords"]!.AsArray()
                .Add(new JsonObject { ["PartName"] = "ListPart", ["Name"] = "ListPart" }),
            1, "ContentDefinition", "content type 'GuestArticle'", "part 'ListPart' is unknown", "expected some of", "'CommentsPart'"),
        ["a field the part cannot have"] = new(r => r.ContentPart("GuestArticle")["ContentPartFieldDefinitionRecords"]!.AsArray()
                .Add(new JsonObject { ["FieldName"] = "TextField", ["Name"] = "Subtitle" }),
            1, "ContentDefinition", "content part 'GuestArticle'", "field 'Subtitle' is unknown", "expected some of", "'Summary'"),
        ["a Required that is not true or false"] = new(r => FieldSettings(r, "GuestArticle", "Author")["ContentPickerFieldSettings"]!["Required"] = "yes",
            1, "ContentDefinition", "content part 'GuestArticle'", "field 'Author'", "ContentPickerFieldSettings.Required", "expected true or false", "found text"),
        ["an older flat type setting that is not a boolean"] = new(r => r.ContentType("AuthorBio")["Settings"] = new JsonObject { ["Creatable"] = "yes" },
            1, "ContentDefinition", "content type 'AuthorBio'", "setting 'Creatable' must be true or false", "found text"),

        // Roles
        ["a permission ClinicBlog does not have"] = new(r => RoleNamed(r, "Editor")["Permissions"]!.AsArray().Add("DeleteEverything"),
            2, "Roles", "role 'Editor'", "permission 'DeleteEverything' is unknown", "expected some of", "PublishArticles"),

        // Settings
        ["an unknown setting"] = new(r => r.Step("Settings")["Theme"] = "TheBlogTheme",
            3, "Settings", "setting 'Theme' is unknown", "expected SiteName, Tagline, TimeZone or CommentPolicy"),
        ["a time zone that does not exist"] = new(r => r.Step("Settings")["TimeZone"] = "Mars/Olympus_Mons",
            3, "Settings", "TimeZone", "'Mars/Olympus_Mons' is not a time zone", "expected an IANA id such as 'America/Denver'"),
        ["a comment depth out of range"] = new(r => r.Step("Settings")["CommentPolicy"]!["MaxDepth"] = 0,
            3, "Settings", "CommentPolicy.MaxDepth", "expected a whole number from 1 to 10", "found 0"),
        ["a link rel ClinicBlog does not offer"] = new(r => r.Step("Settings")["CommentPolicy"]!["GuestLinkRel"] = "dofollow",
            3, "Settings", "CommentPolicy.GuestLinkRel", "expected one of noopener, nofollow, sponsored", "\"dofollow\""),
        ["a comment switch that is not a boolean"] = new(r => r.Step("Settings")["CommentPolicy"]!["AutoApproveKnownCommenters"] = "sometimes",
            3, "Settings", "CommentPolicy.AutoApproveKnownCommenters", "expected true or false", "\"sometimes\""),
        ["an unknown comment policy key"] = new(r => r.Step("Settings")["CommentPolicy"]!["AllowAnonymous"] = true,
            3, "Settings", "CommentPolicy.AllowAnonymous is unknown", "expected some of", "MaxDepth"),

        // Content
        ["an item of an unknown content type"] = new(r => r.Item(RecipeText.IastmFootPain)["ContentType"] = "BlogPost",
            4, "Content", "item '4articleiastmfootpain0000a' (BlogPost)", "content type 'BlogPost' is unknown", "GuestArticle", "AuthorBio"),
        ["an item of a type no step defined"] = new(r => r["steps"] = new JsonArray(new JsonObject
            {
                ["name"] = "Content",
                ["data"] = new JsonArray(r.Item(RecipeText.ReginaDurbin).DeepClone()),
            }),
            1, "Content", "item '4authorreginadurbin000000a' (AuthorBio)", "content type 'AuthorBio' is not defined", "add it to a ContentDefinition step before this one"),
        ["an article without a title"] = new(r =>
            {
                r.Item(RecipeText.IastmHealing).Remove("TitlePart");
                r.Item(RecipeText.IastmHealing).Remove("DisplayText");
            },
            4, "Content", "item '4articleiastmhealing00000a' (GuestArticle)", "the title is missing", "expected \"TitlePart\""),
        ["a path that is not an address"] = new(r => r.Item(RecipeText.IastmFootPain)["AutoroutePart"]!["Path"] = "IASTM And Foot Pain",
            4, "Content", "item '4articleiastmfootpain0000a'", "'AutoroutePart.Path' 'IASTM And Foot Pain' is not an address",
            "expected lowercase letters, digits and hyphens", "'iastm-and-foot-pain'"),
        ["an author id that does not exist"] = new(r => AuthorIds(r, RecipeText.IastmFootPain)[0] = "4authornobody0000000000000",
            4, "Content", "item '4articleiastmfootpain0000a'", "'GuestArticle.Author'", "'4authornobody0000000000000'", "no item in this recipe or the site",
            "expected the ContentItemId of an AuthorBio"),
        ["an author id that is an article"] = new(r => AuthorIds(r, RecipeText.IastmFootPain)[0] = RecipeText.IastmHealing,
            4, "Content", "item '4articleiastmfootpain0000a'", "'GuestArticle.Author'", "a GuestArticle, not an AuthorBio"),
        ["two articles at one address"] = new(r => r.Item(RecipeText.IastmFootPain)["AutoroutePart"]!["Path"] = "iastm",
            4, "Content", "item '4articleiastmfootpain0000a'", "'AutoroutePart.Path' 'iastm' is already the address of item '4articleiastmhealing00000a'"),

        // The limits of the dashboard's editors (issue 14: a recipe with one 50 MB body was "valid").
        ["a 50 MB article body"] = new(r => r.Item(RecipeText.IastmFootPain)["MarkdownBodyPart"]!["Markdown"] = new string('a', 50 * 1024 * 1024),
            4, "Content", "item '4articleiastmfootpain0000a' (GuestArticle)", "field 'MarkdownBodyPart.Markdown' is 52,428,800 characters long",
            "at most 200,000 are allowed, as in the article editor"),
        ["an article title longer than the editor takes"] = new(r => r.Item(RecipeText.IastmFootPain)["TitlePart"]!["Title"] = new string('T', 201),
            4, "Content", "item '4articleiastmfootpain0000a'", "field 'TitlePart.Title' is 201 characters long", "at most 200"),
        ["a summary longer than the editor takes"] = new(r => ArticlePart(r, RecipeText.IastmFootPain)["Summary"] = Text(new string('s', 1_001)),
            4, "Content", "item '4articleiastmfootpain0000a'", "field 'GuestArticle.Summary' is 1,001 characters long", "at most 1,000"),
        ["an image description longer than the editor takes"] = new(r => ArticlePart(r, RecipeText.IastmFootPain)["ImageAlt"] = Text(new string('d', 301)),
            4, "Content", "item '4articleiastmfootpain0000a'", "field 'GuestArticle.ImageAlt' is 301 characters long", "at most 300"),
        ["a tag longer than the editor takes"] = new(r => ArticlePart(r, RecipeText.IastmFootPain)["Tags"]!["TagNames"]!.AsArray().Add(new string('g', 51)),
            4, "Content", "item '4articleiastmfootpain0000a'", "field 'GuestArticle.Tags' has the tag", "of 51 characters", "each tag can be at most 50"),
        ["an image address that is not a web address"] = new(r => ArticlePart(r, RecipeText.IastmFootPain)["ImageUrl"] = Text("javascript:alert(1)"),
            4, "Content", "item '4articleiastmfootpain0000a'", "field 'GuestArticle.ImageUrl' 'javascript:alert(1)' is not a web address", "https://"),
        ["an author name longer than the editor takes"] = new(r => r.Item(RecipeText.ReginaDurbin)["TitlePart"]!["Title"] = new string('N', 101),
            4, "Content", "item '4authorreginadurbin000000a' (AuthorBio)", "field 'TitlePart.Title' is 101 characters long", "at most 100 are allowed, as in the author editor"),
        ["credentials longer than the editor takes"] = new(r => AuthorPart(r, RecipeText.ReginaDurbin)["Credentials"] = Text(new string('C', 61)),
            4, "Content", "item '4authorreginadurbin000000a'", "field 'AuthorBio.Credentials' is 61 characters long", "at most 60"),
        ["a headline longer than the editor takes"] = new(r => AuthorPart(r, RecipeText.ReginaDurbin)["Headline"] = Text(new string('H', 201)),
            4, "Content", "item '4authorreginadurbin000000a'", "field 'AuthorBio.Headline' is 201 characters long", "at most 200"),
        ["a bio longer than the editor takes"] = new(r => r.Item(RecipeText.ReginaDurbin)["MarkdownBodyPart"]!["Markdown"] = new string('b', 20_001),
            4, "Content", "item '4authorreginadurbin000000a'", "field 'MarkdownBodyPart.Markdown' is 20,001 characters long", "at most 20,000"),
        ["a photo address that is not a web address"] = new(r => AuthorPart(r, RecipeText.ReginaDurbin)["PhotoUrl"] = Text("/photos/regina.jpg"),
            4, "Content", "item '4authorreginadurbin000000a'", "field 'AuthorBio.PhotoUrl' '/photos/regina.jpg' is not a web address"),
        ["a role description longer than the roles page takes"] = new(r => RoleNamed(r, "Editor")["Description"] = new string('r', 201),
            2, "Roles", "role 'Editor'", "field 'Description' is 201 characters long", "at most 200"),
        ["a role name the roles page would refuse"] = new(r => RoleNamed(r, "Moderator")["Name"] = "Front desk",
            2, "Roles", "\"Name\" 'Front desk' cannot be a role's name", "letters, digits, - and _ (2 to 50 characters)"),
    };

    public static TheoryData<string> MistakeNames => new(Mistakes.Keys);

    [Fact]
    public async Task The_setup_recipe_is_valid()
    {
        var errors = await Db.ValidateAsync(File.ReadAllText(TestPaths.SetupRecipe));
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(MistakeNames))]
    public async Task Each_mistake_gives_one_message_naming_step_item_and_what_was_expected(string mistake)
    {
        var m = Mistakes[mistake];
        var recipe = RecipeText.Setup();
        m.Make(recipe);

        var errors = await Db.ValidateAsync(recipe.ToJsonString());

        var error = Assert.Single(errors);
        Assert.Equal(m.StepIndex, error.StepIndex);
        Assert.Equal(m.StepName, error.StepName);
        var text = error.ToString();
        if (m.StepIndex is { } index) Assert.StartsWith($"step {index} '{m.StepName}': ", text);
        foreach (var part in m.Says) Assert.Contains(part, text);
        Assert.True(text.Length < 600, $"A message a person can read, not {text.Length:N0} characters.");
    }

    [Fact]
    public async Task Invalid_json_is_reported_with_its_line()
    {
        const string json = """
            {
              "name": "broken",
              "steps": [
                { "name": "Settings" "SiteName": "Clinic" }
              ]
            }
            """;

        var error = Assert.Single(await Db.ValidateAsync(json));
        Assert.Null(error.StepIndex);
        Assert.Contains("not valid JSON", error.Message);
        Assert.Contains("line 4", error.Message);
    }

    [Theory]
    [InlineData("""{ "steps": [] }""", "no \"name\"", "expected a name")]
    [InlineData("""{ "name": "x" }""", "no \"steps\" list", "expected \"steps\": [")]
    [InlineData("""{ "name": "x", "steps": { "name": "Settings" } }""", "no \"steps\" list", "found an object")]
    [InlineData("""{ "name": "x", "steps": [ "Settings" ] }""", "step 1: expected an object with a \"name\"", "found text")]
    [InlineData("""[ { "name": "Settings" } ]""", "must be a JSON object with \"name\" and \"steps\"", "found a list")]
    public async Task A_recipe_without_its_header_says_what_is_missing(string json, string says, string expected)
    {
        var error = Assert.Single(await Db.ValidateAsync(json));
        Assert.Contains(says, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Every_mistake_is_reported_not_only_the_first()
    {
        var recipe = RecipeText.Setup();
        recipe.Step("Settings")["TimeZone"] = "Nowhere/Nothing";
        RoleNamed(recipe, "Moderator")["Permissions"]!.AsArray().Add("Teleport");
        recipe.Item(RecipeText.IastmFootPain)["AutoroutePart"]!["Path"] = "Not An Address";

        var errors = await Db.ValidateAsync(recipe.ToJsonString());

        Assert.Equal([2, 3, 4], errors.Select(e => e.StepIndex ?? 0).Order());
    }

    [Fact]
    public async Task Comments_and_trailing_commas_are_accepted()
    {
        const string json = """
            // A recipe written by hand.
            {
              "name": "commented",
              /* Settings only. */
              "steps": [
                {
                  "name": "Settings",
                  "SiteName": "Boulder Physical Therapy", // the clinic's name
                  "TimeZone": "America/Denver",
                },
              ],
            }
            """;

        Assert.Empty(await Db.ValidateAsync(json));
    }

    [Fact]
    public async Task Older_flat_type_settings_with_string_booleans_are_accepted()
    {
        var recipe = RecipeText.Setup();
        recipe.ContentType("GuestArticle")["Settings"] = new JsonObject
        {
            ["Creatable"] = "True", ["Listable"] = "True", ["Draftable"] = "False", ["Securable"] = "True",
        };

        Assert.Empty(await Db.ValidateAsync(recipe.ToJsonString()));
    }

    [Fact]
    public async Task A_step_may_refer_to_an_author_listed_after_the_article()
    {
        var recipe = RecipeText.Setup();
        var data = recipe.Step("Content")["data"]!.AsArray();
        var joe = recipe.Item(RecipeText.JoeFleming);
        data.Remove(joe);
        data.Add(joe);

        Assert.Empty(await Db.ValidateAsync(recipe.ToJsonString()));
    }

    private static JsonObject FieldSettings(JsonObject recipe, string part, string field) =>
        recipe.ContentPart(part)["ContentPartFieldDefinitionRecords"]!.AsArray().OfType<JsonObject>()
            .Single(f => (string?)f["Name"] == field)["Settings"]!.AsObject();

    private static JsonObject ArticlePart(JsonObject recipe, string id) => recipe.Item(id)["GuestArticle"]!.AsObject();

    private static JsonObject AuthorPart(JsonObject recipe, string id) => recipe.Item(id)["AuthorBio"]!.AsObject();

    /// <summary>Orchard's TextField.</summary>
    private static JsonObject Text(string text) => new() { ["Text"] = text };

    private static JsonObject RoleNamed(JsonObject recipe, string name) =>
        recipe.Step("Roles")["Roles"]!.AsArray().OfType<JsonObject>().Single(r => (string?)r["Name"] == name);

    private static JsonArray AuthorIds(JsonObject recipe, string article) =>
        recipe.Item(article)["GuestArticle"]!["Author"]!["ContentItemIds"]!.AsArray();
}
