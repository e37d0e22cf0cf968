using System.Net;
using ClinicBlog.Tests.Support;

namespace ClinicBlog.Tests.Site;

/// <summary>A site whose content recipes change after setup: drafts, moved addresses, paging. Each test touches its own items.</summary>
public sealed class ChangingContentTests(ChangingContentTests.Site site) : IClassFixture<ChangingContentTests.Site>
{
    public sealed class Site : SetUpSite;

    [Fact]
    public async Task A_draft_article_is_never_public()
    {
        await site.Factory.ApplyRecipeAsync(RecipeText.Of(RecipeText.ArticleStep("4articledryneedling00000a", "Dry needling myths",
            "dry-needling-myths", RecipeText.ReginaDurbin, published: false, markdown: "Secret draft paragraph.")));

        var article = await site.Client.GetAsync("/articles/dry-needling-myths");
        Assert.Equal(HttpStatusCode.NotFound, article.StatusCode);
        foreach (var path in new[] { "/", "/authors/regina-durbin" })
        {
            var html = await site.GetPageAsync(path);
            Assert.DoesNotContain("Dry needling", html);
            Assert.DoesNotContain("dry-needling-myths", html);
        }
    }

    [Fact]
    public async Task An_unpublished_edit_of_a_published_article_stays_out_of_sight()
    {
        await site.Factory.ApplyRecipeAsync(RecipeText.Of(RecipeText.ArticleStep(RecipeText.IastmHealing, "IASTM (unreviewed edit)",
            "iastm", RecipeText.ClinicTeam, published: false, markdown: "Unreviewed claims.")));

        var html = await site.GetPageAsync("/articles/iastm");
        Assert.Equal("IASTM", Html.Parse(html).QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Tennis and Golfer’s elbow", html);
        Assert.DoesNotContain("Unreviewed", html);
        Assert.DoesNotContain("unreviewed", await site.GetPageAsync("/"));
    }

    [Fact]
    public async Task A_changed_path_keeps_the_old_address_working_with_a_permanent_redirect()
    {
        var recipe = RecipeText.Setup();
        recipe.Item(RecipeText.IastmFootPain)["AutoroutePart"]!["Path"] = "iastm-for-foot-pain";

        await site.Factory.ApplyRecipeAsync(recipe.ToJsonString());

        var old = await site.Client.GetAsync("/articles/iastm-and-foot-pain");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/articles/iastm-for-foot-pain", old.Headers.Location?.OriginalString);
        var html = await site.GetPageAsync("/articles/iastm-for-foot-pain");
        Assert.Equal("IASTM And Foot Pain", Html.Parse(html).QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("/articles/iastm-for-foot-pain", await site.GetPageAsync("/authors/joe-fleming"));
    }

    [Fact]
    public async Task More_articles_than_fit_on_a_page_are_paged_oldest_last()
    {
        var steps = Enumerable.Range(1, 6).Select(i => RecipeText.ArticleStep($"4articlepaging{i:D2}000000000a", $"Paging article {i}",
            $"paging-article-{i}", RecipeText.ClinicTeam).Replace("2025-05-01T10:00:00Z", $"2020-01-{i:D2}T10:00:00Z"));
        await site.Factory.ApplyRecipeAsync(RecipeText.Of([.. steps]));

        var first = Html.Parse(await site.GetPageAsync("/"));
        var second = Html.Parse(await site.GetPageAsync("/?page=2"));

        Assert.Equal(10, first.QuerySelectorAll(".article-list .card").Length);
        Assert.Equal("/?page=2", first.QuerySelector(".pager a[rel=next]")?.GetAttribute("href"));
        Assert.Equal(["Paging article 1"], second.QuerySelectorAll(".article-list .card h2").Select(h => h.TextContent.Trim()));
        Assert.Equal("/", second.QuerySelector(".pager a[rel=prev]")?.GetAttribute("href"));
        Assert.Null(second.QuerySelector(".pager a[rel=next]"));
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync("/?page=3")).StatusCode);
    }
}
