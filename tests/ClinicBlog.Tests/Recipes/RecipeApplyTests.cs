using System.Text.Json.Nodes;
using ClinicBlog.Articles;
using ClinicBlog.Content;
using ClinicBlog.Site;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Recipes;

/// <summary>Applying recipes to a database: all or nothing, safe to repeat, updates by ContentItemId.</summary>
public sealed class RecipeApplyTests : IAsyncLifetime
{
    private ModuleDatabase db = null!;

    public async Task InitializeAsync() => db = await ModuleDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    private static string SetupRecipe => File.ReadAllText(TestPaths.SetupRecipe);

    [Fact]
    public async Task The_setup_recipe_creates_the_seed_site()
    {
        await db.ApplyValidAsync(SetupRecipe);

        var counts = await db.CountAsync();
        Assert.Equal(5, counts.Articles);
        Assert.Equal(5, counts.PublishedArticles);
        Assert.Equal(3, counts.Authors);
        Assert.Equal(4, counts.Roles);
        Assert.Equal(Permissions.All.Count + 8 + 1 + 3, counts.RolePermissions);
        var settings = await db.QueryAsync(d => d.SiteSettings.SingleAsync());
        Assert.Equal("The Clinic Blog", settings.SiteName);
        Assert.Equal("America/Denver", settings.TimeZoneId);
        Assert.Null(settings.SetUpUtc);
    }

    [Fact]
    public async Task A_recipe_with_a_mistake_in_its_last_step_applies_nothing()
    {
        var recipe = RecipeText.Setup();
        recipe.Item(RecipeText.IastmFootPain)["AutoroutePart"]!["Path"] = "Bad Path";
        var before = await db.CountAsync();

        var errors = await db.ApplyAsync(recipe.ToJsonString());

        Assert.Equal(4, Assert.Single(errors).StepIndex);
        Assert.Equal(before, await db.CountAsync());
        Assert.Equal(0, await db.QueryAsync(d => d.SiteSettings.CountAsync()));
    }

    [Fact]
    public async Task A_failed_recipe_leaves_a_set_up_site_as_it_was()
    {
        await db.ApplyValidAsync(SetupRecipe);
        var before = await db.CountAsync();
        var recipe = RecipeText.Of(
            """{ "name": "Settings", "SiteName": "Renamed Clinic" }""",
            """{ "name": "Roles", "Roles": [ { "Name": "Intern", "Permissions": [] } ] }""",
            RecipeText.ArticleStep("4articlenew00000000000000a", "New article", "new-article", "4authornobody0000000000000"));

        var errors = await db.ApplyAsync(recipe);

        Assert.Equal(3, Assert.Single(errors).StepIndex);
        Assert.Equal(before, await db.CountAsync());
        Assert.Equal("The Clinic Blog", (await db.QueryAsync(d => d.SiteSettings.SingleAsync())).SiteName);
    }

    [Fact]
    public async Task Applying_the_setup_recipe_twice_adds_nothing()
    {
        await db.ApplyValidAsync(SetupRecipe);
        var once = await db.CountAsync();
        var titlesOnce = await Titles();

        await db.ApplyValidAsync(SetupRecipe);

        Assert.Equal(once, await db.CountAsync());
        Assert.Equal(titlesOnce, await Titles());
        var slugs = await db.QueryAsync(d => d.Articles.Select(a => a.Published!.Slug).ToListAsync());
        Assert.Equal(slugs.Count, slugs.Distinct().Count());
        Assert.DoesNotContain(slugs, s => s.EndsWith("-3", StringComparison.Ordinal));
        var editor = await db.QueryAsync(d => d.RoleClaims.CountAsync(c => c.RoleId == d.Roles.Single(r => r.Name == "Editor").Id));
        Assert.Equal(8 + 1, editor); // eight permissions and the description
    }

    [Fact]
    public async Task A_changed_title_updates_the_same_item()
    {
        await db.ApplyValidAsync(SetupRecipe);
        var recipe = RecipeText.Setup();
        recipe.Item(RecipeText.IastmFootPain)["TitlePart"]!["Title"] = "IASTM And Foot Pain: A Guide";

        await db.ApplyValidAsync(recipe.ToJsonString());

        var article = await db.QueryAsync(d => d.Articles.SingleAsync(a => a.ContentItemId == RecipeText.IastmFootPain));
        Assert.Equal("IASTM And Foot Pain: A Guide", article.Published!.Title);
        Assert.Equal("IASTM And Foot Pain: A Guide", article.Latest.Title);
        Assert.Equal("iastm-and-foot-pain", article.Published.Slug);
        Assert.Equal(5, (await db.CountAsync()).Articles);
    }

    [Fact]
    public async Task A_changed_path_of_a_published_article_remembers_the_old_address()
    {
        await db.ApplyValidAsync(SetupRecipe);
        var recipe = RecipeText.Setup();
        recipe.Item(RecipeText.IastmFootPain)["AutoroutePart"]!["Path"] = "iastm-for-foot-pain";

        await db.ApplyValidAsync(recipe.ToJsonString());

        var lookup = await Lookup("iastm-and-foot-pain");
        Assert.Equal("iastm-for-foot-pain", Assert.IsType<ArticleLookup.Moved>(lookup).Slug);
        Assert.Equal("IASTM And Foot Pain", Assert.IsType<ArticleLookup.Found>(await Lookup("iastm-for-foot-pain")).Article.Title);
    }

    [Fact]
    public async Task Roles_get_exactly_the_permissions_listed_and_defaults_when_none_are()
    {
        await db.ApplyValidAsync(SetupRecipe);

        await db.ApplyValidAsync(RecipeText.Of("""
            { "name": "Roles", "Roles": [
                { "Name": "Moderator", "Permissions": [ "ModerateComments", "ViewCommenterEmail" ] },
                { "Name": "GuestAuthor" } ] }
            """));

        Assert.Equal(["ModerateComments", "ViewCommenterEmail"], await PermissionsOf("Moderator"));
        Assert.Equal(Permissions.DefaultsFor("GuestAuthor").Order(), await PermissionsOf("GuestAuthor"));
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("upper")]
    public async Task Step_and_property_names_are_case_insensitive(string casing)
    {
        var recipe = RecipeText.Setup();
        var renamed = Rename(recipe, casing == "lower" ? s => s.ToLowerInvariant() : s => s.ToUpperInvariant());
        foreach (var step in renamed["STEPS"]?.AsArray() ?? renamed["steps"]!.AsArray())
        {
            var o = step!.AsObject();
            var key = o.ContainsKey("name") ? "name" : "NAME";
            o[key] = casing == "lower" ? o[key]!.GetValue<string>().ToLowerInvariant() : o[key]!.GetValue<string>().ToUpperInvariant();
        }

        await db.ApplyValidAsync(renamed.ToJsonString());

        var counts = await db.CountAsync();
        Assert.Equal((5, 5, 3, 4), (counts.Articles, counts.PublishedArticles, counts.Authors, counts.Roles));
        Assert.Equal(Permissions.All.Count + 8 + 1 + 3, counts.RolePermissions);
        var regina = await db.QueryAsync(d => d.Authors.SingleAsync(a => a.ContentItemId == RecipeText.ReginaDurbin));
        Assert.Equal(("Regina Durbin, PT", "regina-durbin"), (regina.Byline, regina.Slug));
        var article = await db.QueryAsync(d => d.Articles.SingleAsync(a => a.ContentItemId == RecipeText.IastmFootPain));
        Assert.Equal((RecipeText.JoeFleming, "iastm-and-foot-pain"), (article.AuthorBioId, article.Published!.Slug));
        Assert.Contains("Instrument-Assisted Soft Tissue Mobilization and Foot Pain", article.Published.Markdown);
        var settings = await db.QueryAsync(d => d.SiteSettings.SingleAsync());
        Assert.Equal(("America/Denver", "noopener", 3), (settings.TimeZoneId, settings.CommentPolicy.GuestLinkRel, settings.CommentPolicy.MaxDepth));

        // The stored definitions are read back whatever the case they were written in.
        await using var scope = db.Services.CreateAsyncScope();
        var definitions = scope.ServiceProvider.GetRequiredService<ContentDefinitions>();
        Assert.True(await definitions.TypeHasPartAsync("GuestArticle", "CommentsPart"));
        Assert.True((await definitions.FieldsOfPartAsync("GuestArticle"))["Author"].Required);
    }

    [Fact]
    public async Task Content_and_data_may_be_written_in_any_case()
    {
        var recipe = RecipeText.Setup();
        recipe.Step("Content")["name"] = "content";
        var content = recipe.Step("content");
        content["Data"] = content["data"]!.DeepClone();
        content.Remove("data");

        await db.ApplyValidAsync(recipe.ToJsonString());

        Assert.Equal(5, (await db.CountAsync()).Articles);
    }

    [Fact]
    public async Task Older_flat_type_settings_apply()
    {
        var recipe = RecipeText.Setup();
        recipe.ContentType("GuestArticle")["Settings"] = new JsonObject { ["Creatable"] = "True", ["Listable"] = "True" };

        await db.ApplyValidAsync(recipe.ToJsonString());

        Assert.Equal(5, (await db.CountAsync()).Articles);
    }

    [Fact]
    public async Task Comments_and_trailing_commas_apply()
    {
        await db.ApplyValidAsync("""
            {
              "name": "commented", // hand-written
              "steps": [
                { "name": "Settings", "SiteName": "Boulder Physical Therapy", /* the clinic */ "TimeZone": "America/Denver", },
              ],
            }
            """);

        Assert.Equal("Boulder Physical Therapy", (await db.QueryAsync(d => d.SiteSettings.SingleAsync())).SiteName);
    }

    [Fact]
    public async Task An_item_listed_as_published_and_as_a_newer_draft_keeps_both_versions()
    {
        await db.ApplyValidAsync(SetupRecipe);
        var published = JsonNode.Parse(RecipeText.ArticleStep("4articlestretching0000000a", "Stretching basics", "stretching-basics", RecipeText.ReginaDurbin))!;
        var item = published["data"]![0]!.AsObject();
        item["Latest"] = false;
        var draft = item.DeepClone().AsObject();
        draft["Published"] = false;
        draft["Latest"] = true;
        draft["TitlePart"]!["Title"] = "Stretching basics (second edition)";
        published["data"]!.AsArray().Add(draft);

        await db.ApplyValidAsync(RecipeText.Of(published.ToJsonString()));

        var article = await db.QueryAsync(d => d.Articles.SingleAsync(a => a.ContentItemId == "4articlestretching0000000a"));
        Assert.Equal("Stretching basics", article.Published!.Title);
        Assert.Equal("Stretching basics (second edition)", article.Latest.Title);
        Assert.Equal("Stretching basics", Assert.IsType<ArticleLookup.Found>(await Lookup("stretching-basics")).Article.Title);
    }

    [Fact]
    public async Task A_new_article_never_takes_the_live_address_of_another_whose_draft_moved()
    {
        await db.ApplyValidAsync(SetupRecipe);
        // The IASTM article's newer draft moves to another address; its published version still lives at /articles/iastm.
        await db.ApplyValidAsync(RecipeText.Of(
            RecipeText.ArticleStep(RecipeText.IastmHealing, "IASTM", "iastm-explained", RecipeText.ClinicTeam, published: false)));

        await db.ApplyValidAsync(RecipeText.Of(
            RecipeText.ArticleStep("4articlenewiastm000000000a", "IASTM for runners", "iastm", RecipeText.ReginaDurbin)));

        Assert.Equal("IASTM", Assert.IsType<ArticleLookup.Found>(await Lookup("iastm")).Article.Title);
        var slug = await db.QueryAsync(d => d.Articles.Where(a => a.ContentItemId == "4articlenewiastm000000000a").Select(a => a.Published!.Slug).SingleAsync());
        Assert.NotEqual("iastm", slug);
        Assert.Equal("IASTM for runners", Assert.IsType<ArticleLookup.Found>(await Lookup(slug)).Article.Title);
    }

    [Fact]
    public async Task Text_is_repaired_of_mojibake_on_the_way_in()
    {
        await db.ApplyValidAsync(SetupRecipe);

        await db.ApplyValidAsync(RecipeText.Of(RecipeText.ArticleStep("4articleelbow000000000000a", "Golferâ€™s elbow", "golfers-elbow",
            RecipeText.ClinicTeam, markdown: "Tennis and Golferâ€™s elbow respond well.")));

        var article = await db.QueryAsync(d => d.Articles.SingleAsync(a => a.ContentItemId == "4articleelbow000000000000a"));
        Assert.Equal("Golfer’s elbow", article.Published!.Title);
        Assert.Equal("Tennis and Golfer’s elbow respond well.", article.Published.Markdown);
    }

    [Fact]
    public async Task An_article_without_a_path_gets_an_address_from_its_title()
    {
        await db.ApplyValidAsync(SetupRecipe);
        var step = JsonNode.Parse(RecipeText.ArticleStep("4articlenopath00000000000a", "IASTM And Foot Pain", "x", RecipeText.JoeFleming))!;
        step["data"]![0]!.AsObject().Remove("AutoroutePart");

        await db.ApplyValidAsync(RecipeText.Of(step.ToJsonString()));

        var slug = await db.QueryAsync(d => d.Articles.Where(a => a.ContentItemId == "4articlenopath00000000000a").Select(a => a.Published!.Slug).SingleAsync());
        Assert.Equal("iastm-and-foot-pain-2", slug);
    }

    private Task<List<string>> Titles() =>
        db.QueryAsync(d => d.Articles.OrderBy(a => a.ContentItemId).Select(a => a.Published!.Title).ToListAsync());

    private Task<List<string>> PermissionsOf(string role) => db.QueryAsync(d =>
        d.RoleClaims.Where(c => c.ClaimType == Permissions.ClaimType && c.RoleId == d.Roles.Single(r => r.Name == role).Id)
            .Select(c => c.ClaimValue!).OrderBy(v => v).ToListAsync());

    private async Task<ArticleLookup> Lookup(string slug)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArticleQueries>().BySlugAsync(slug, "noopener", default);
    }

    /// <summary>The same JSON with every property name changed by <paramref name="rename"/>.</summary>
    private static JsonObject Rename(JsonObject o, Func<string, string> rename)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in o) copy[rename(key)] = RenameNode(value, rename);
        return copy;
    }

    private static JsonNode? RenameNode(JsonNode? node, Func<string, string> rename) => node switch
    {
        JsonObject o => Rename(o, rename),
        JsonArray a => new JsonArray(a.Select(n => RenameNode(n, rename)).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
