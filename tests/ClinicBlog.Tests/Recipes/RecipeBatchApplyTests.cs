using System.Text.Json.Nodes;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Tests.Recipes;

/// <summary>
/// A Content step of 2,000 items, written in many batches inside one transaction: every item as the recipe says,
/// addresses kept apart across batches, and a failure in the middle undoing the batches already written.
/// </summary>
public sealed class RecipeBatchApplyTests : IAsyncLifetime
{
    private const int Authors = 20;
    private const int Articles = 1_980;

    /// <summary>Listed published first, then again far later (another batch) as a newer draft.</summary>
    private const string TwiceListed = "4articlebatch0000000000007";

    private ModuleDatabase db = null!;

    public async Task InitializeAsync() => db = await ModuleDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Two_thousand_items_are_all_written_as_the_recipe_says()
    {
        await db.ApplyValidAsync(ManyItems().ToJsonString());

        var counts = await db.CountAsync();
        Assert.Equal((Authors, Articles, Articles), (counts.Authors, counts.Articles, counts.PublishedArticles));
        var articles = await db.QueryAsync(d => d.Articles.AsNoTracking()
            .Select(a => new { a.ContentItemId, a.AuthorBioId, Title = a.Published!.Title, Slug = a.Published.Slug, a.Latest.Markdown }).ToListAsync());
        Assert.Equal(Articles, articles.Select(a => a.Slug).Distinct().Count());

        var last = articles.Single(a => a.ContentItemId == ArticleId(Articles - 1));
        Assert.Equal((AuthorId((Articles - 1) % Authors), $"Article {Articles - 1}", $"article-{Articles - 1}"), (last.AuthorBioId, last.Title, last.Slug));
        Assert.Equal($"Body of article {Articles - 1}.", last.Markdown);

        // Every tenth article has no path: its address comes from its title, clear of every other article's, in any batch.
        var fromTitle = articles.Where(a => a.Title.StartsWith("Shared title", StringComparison.Ordinal)).Select(a => a.Slug).Order().ToList();
        Assert.Equal(Articles / 10, fromTitle.Count);
        Assert.Contains("shared-title", fromTitle);
        Assert.Contains($"shared-title-{Articles / 10}", fromTitle);

        var twice = await db.QueryAsync(d => d.Articles.AsNoTracking().SingleAsync(a => a.ContentItemId == TwiceListed));
        Assert.Equal(("Article 7", "Article 7, the newer draft"), (twice.Published!.Title, twice.Latest.Title));

        var authorSlugs = await db.QueryAsync(d => d.Authors.Select(a => a.Slug).ToListAsync());
        Assert.Equal(Authors, authorSlugs.Distinct().Count());
    }

    [Fact]
    public async Task Applying_the_same_items_again_adds_nothing()
    {
        await db.ApplyValidAsync(ManyItems().ToJsonString());
        var once = await db.CountAsync();
        var slugsOnce = await PublishedSlugs();

        await db.ApplyValidAsync(ManyItems().ToJsonString());

        Assert.Equal(once, await db.CountAsync());
        Assert.Equal(slugsOnce, await PublishedSlugs());
    }

    [Fact]
    public async Task A_failure_in_the_middle_undoes_every_batch_before_it()
    {
        // The database refuses the 1,500th article: validation cannot see that, and a dozen batches are written by then.
        await RefuseInsertOfAsync(ArticleId(1_500));
        var before = await db.CountAsync();

        var errors = await db.ApplyAsync(ManyItems().ToJsonString());

        var error = Assert.Single(errors);
        Assert.Equal((2, "Content"), (error.StepIndex, error.StepName));
        Assert.Contains("the database refused a change", error.ToString());
        Assert.Contains("refused by the test", error.ToString());
        Assert.Equal(before, await db.CountAsync());
        Assert.Equal(0, before.Articles + before.Authors + before.ContentDefinitions);
    }

    /// <summary>Content definitions, then one Content step: the authors after the articles that name them, as a recipe may.</summary>
    private static JsonObject ManyItems()
    {
        var data = new JsonArray();
        for (var i = 0; i < Articles; i++)
        {
            var shared = i % 10 == 3;
            var article = new JsonObject
            {
                ["ContentItemId"] = ArticleId(i),
                ["ContentType"] = "GuestArticle",
                ["Published"] = true,
                ["Latest"] = true,
                ["TitlePart"] = new JsonObject { ["Title"] = shared ? "Shared title" : $"Article {i}" },
                ["MarkdownBodyPart"] = new JsonObject { ["Markdown"] = $"Body of article {i}." },
                ["GuestArticle"] = new JsonObject
                {
                    ["Author"] = new JsonObject { ["ContentItemIds"] = new JsonArray(AuthorId(i % Authors)) },
                    ["Summary"] = new JsonObject { ["Text"] = $"Summary {i}" },
                    ["Tags"] = new JsonObject { ["TagNames"] = new JsonArray("Batch", $"Tag {i % 7}") },
                },
            };
            if (!shared) article["AutoroutePart"] = new JsonObject { ["Path"] = $"article-{i}" };
            data.Add(article);
            if (i == 1_200) data.Add(TwiceListedDraft());
        }

        for (var i = 0; i < Authors; i++)
        {
            data.Add(new JsonObject
            {
                ["ContentItemId"] = AuthorId(i),
                ["ContentType"] = "AuthorBio",
                ["TitlePart"] = new JsonObject { ["Title"] = $"Author {i}" },
                ["AuthorBio"] = new JsonObject { ["Credentials"] = new JsonObject { ["Text"] = "PT" } },
            });
        }

        var recipe = RecipeText.Setup();
        return new JsonObject
        {
            ["name"] = "many-items",
            ["steps"] = new JsonArray(recipe.Step("ContentDefinition").DeepClone(), new JsonObject { ["name"] = "Content", ["data"] = data }),
        };
    }

    private static JsonObject TwiceListedDraft() => new()
    {
        ["ContentItemId"] = TwiceListed,
        ["ContentType"] = "GuestArticle",
        ["Published"] = false,
        ["Latest"] = true,
        ["TitlePart"] = new JsonObject { ["Title"] = "Article 7, the newer draft" },
        ["AutoroutePart"] = new JsonObject { ["Path"] = "article-7" },
        ["MarkdownBodyPart"] = new JsonObject { ["Markdown"] = "Body of article 7, rewritten." },
        ["GuestArticle"] = new JsonObject { ["Author"] = new JsonObject { ["ContentItemIds"] = new JsonArray(AuthorId(7)) } },
    };

    private static string ArticleId(int i) => $"4articlebatch{i:D13}";

    private static string AuthorId(int i) => $"4authorbatch{i:D14}";

    private Task<List<string>> PublishedSlugs() =>
        db.QueryAsync(d => d.Articles.OrderBy(a => a.ContentItemId).Select(a => a.Published!.Slug).ToListAsync());

    /// <summary>A database rule the recipe cannot know of: inserting this one article fails.</summary>
    private Task RefuseInsertOfAsync(string id) => db.QueryAsync(async d =>
    {
        // A trigger takes no parameters; the id is one of this test's own.
        string[] statements = d.Database.IsNpgsql()
            ?
            [
                "CREATE FUNCTION refuse_article() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_article BEFORE INSERT ON \"Articles\" FOR EACH ROW WHEN (NEW.\"ContentItemId\" = '" + id + "') EXECUTE FUNCTION refuse_article()",
            ]
            : ["CREATE TRIGGER refuse_article BEFORE INSERT ON Articles WHEN NEW.ContentItemId = '" + id + "' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"];
        foreach (var sql in statements) await d.Database.ExecuteSqlRawAsync(sql);
        return 0;
    });
}
