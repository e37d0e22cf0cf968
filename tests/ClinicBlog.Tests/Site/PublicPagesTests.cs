using System.Net;
using ClinicBlog.Tests.Support;

namespace ClinicBlog.Tests.Site;

/// <summary>What a reader sees of the site set up from the recipe: the home page, articles, authors, the 404 page.</summary>
[Collection(SharedSiteCollection.Name)]
public sealed class PublicPagesTests(SetUpSite site)
{
    [Fact]
    public async Task The_home_page_lists_the_five_articles_newest_first_with_bylines()
    {
        var doc = Html.Parse(await site.GetPageAsync("/"));

        var cards = doc.QuerySelectorAll(".article-list .card");
        Assert.Equal(SeedArticles.NewestFirst.Select(a => a.Title), cards.Select(c => c.QuerySelector("h2")!.TextContent.Trim()));
        Assert.Equal(SeedArticles.NewestFirst.Select(a => $"/articles/{a.Slug}"), cards.Select(c => c.QuerySelector("h2 a")!.GetAttribute("href")));
        Assert.Equal(SeedArticles.NewestFirst.Select(a => a.Byline), cards.Select(c => c.QuerySelector(".meta a")!.TextContent.Trim()));
        Assert.Equal("April 8, 2025", cards[0].QuerySelector("time")!.TextContent.Trim());
        Assert.Null(doc.QuerySelector(".pager"));
    }

    [Theory]
    [InlineData("/?page=2")]
    [InlineData("/?page=0")]
    [InlineData("/?page=-1")]
    [InlineData("/?page=2147483647")]
    public async Task A_page_of_the_list_that_does_not_exist_is_not_found(string path)
    {
        var response = await site.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_first_page_may_be_asked_for_by_number()
    {
        var doc = Html.Parse(await site.GetPageAsync("/?page=1"));

        Assert.Equal(5, doc.QuerySelectorAll(".article-list .card").Length);
    }

    [Theory]
    [MemberData(nameof(SeedArticles.Slugs), MemberType = typeof(SeedArticles))]
    public async Task Each_seed_article_shows_its_title_body_and_author(string slug)
    {
        var seed = SeedArticles.BySlug(slug);
        var html = await site.GetPageAsync($"/articles/{slug}");
        var doc = Html.Parse(html);

        Assert.Equal(seed.Title, doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.StartsWith(seed.Title, doc.Title);
        Assert.Equal(seed.Byline, doc.QuerySelector(".article-header .meta a")!.TextContent.Trim());
        var body = doc.QuerySelector(".prose")!.TextContent;
        foreach (var text in seed.BodyText) Assert.Contains(text, body);

        var box = doc.QuerySelector(".author-box")!;
        Assert.Contains("About the Author", box.TextContent);
        Assert.Equal(seed.Byline, box.QuerySelector(".author-name")!.TextContent.Trim());
        Assert.Equal($"/authors/{seed.AuthorSlug}", box.QuerySelector(".author-name a")!.GetAttribute("href"));
        Assert.Contains(SeedArticles.BioSentence[seed.AuthorSlug], box.TextContent);
    }

    [Theory]
    [MemberData(nameof(SeedArticles.Slugs), MemberType = typeof(SeedArticles))]
    public async Task The_bio_is_shown_once_in_the_author_box_and_not_repeated_in_the_body(string slug)
    {
        var seed = SeedArticles.BySlug(slug);
        var doc = Html.Parse(await site.GetPageAsync($"/articles/{slug}"));

        var bio = SeedArticles.BioSentence[seed.AuthorSlug];
        Assert.Equal(1, Html.Count(doc.Body!.TextContent, bio));
        Assert.DoesNotContain(bio, doc.QuerySelector(".article > .prose")!.TextContent);
        foreach (var other in SeedArticles.BioSentence.Values) Assert.DoesNotContain(other, doc.QuerySelector(".article > .prose")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(SeedArticles.Slugs), MemberType = typeof(SeedArticles))]
    public async Task Only_the_guest_author_with_a_website_gets_a_website_link(string slug)
    {
        var seed = SeedArticles.BySlug(slug);
        var doc = Html.Parse(await site.GetPageAsync($"/articles/{slug}"));

        var link = doc.QuerySelector(".author-box .author-website a");
        if (seed.AuthorSlug == "joe-fleming")
        {
            Assert.NotNull(link);
            Assert.Equal("https://www.vivehealth.com", link.GetAttribute("href"));
            Assert.Equal("ViveHealth", link.TextContent.Trim());
        }
        else
        {
            Assert.Null(link);
        }
    }

    [Fact]
    public async Task A_nested_list_in_an_article_stays_nested()
    {
        var doc = Html.Parse(await site.GetPageAsync("/articles/instrument-assisted-soft-tissue-mobilization-iastm"));

        var nested = doc.QuerySelectorAll(".article > .prose ul ul > li").Select(li => li.TextContent).ToList();
        Assert.Contains(nested, li => li.StartsWith("Pain reduction", StringComparison.Ordinal));
        Assert.Equal(4, nested.Count);
    }

    [Fact]
    public async Task The_guest_article_shows_its_tag()
    {
        var doc = Html.Parse(await site.GetPageAsync("/articles/iastm-and-foot-pain"));

        Assert.Contains("Foot Pain", doc.QuerySelectorAll(".tags li").Select(li => li.TextContent.Trim()));
    }

    [Theory]
    [InlineData("joe-fleming", "Joe Fleming", 1)]
    [InlineData("regina-durbin", "Regina Durbin, PT", 1)]
    [InlineData("clinic", "The Clinic Team", 3)]
    public async Task Each_author_page_lists_their_published_articles(string slug, string byline, int count)
    {
        var doc = Html.Parse(await site.GetPageAsync($"/authors/{slug}"));

        Assert.Equal(byline, doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains(SeedArticles.BioSentence[slug], doc.Body!.TextContent);
        var expected = SeedArticles.NewestFirst.Where(a => a.AuthorSlug == slug).Select(a => a.Title).ToList();
        Assert.Equal(count, expected.Count);
        Assert.Equal(expected, doc.QuerySelectorAll(".article-list .card h2").Select(h => h.TextContent.Trim()));
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/articles/no-such-article")]
    [InlineData("/authors/no-such-author")]
    [InlineData("/setup")]
    public async Task An_unknown_address_gives_the_not_found_page_in_the_site_style(string path)
    {
        var response = await site.Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var doc = Html.Parse(html);
        Assert.Equal("We couldn’t find that page", doc.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(site.Setup.SiteName, doc.QuerySelector(".site-name")?.TextContent.Trim());
    }

    [Fact]
    public async Task The_site_name_given_at_setup_wins_over_the_recipes()
    {
        var doc = Html.Parse(await site.GetPageAsync("/"));

        Assert.Equal(site.Setup.SiteName, doc.Title);
        Assert.Equal(site.Setup.SiteName, doc.QuerySelector(".site-name")!.TextContent.Trim());
        Assert.DoesNotContain("The Clinic Blog", doc.DocumentElement.OuterHtml);
        Assert.Equal("Professional Excellence in Sports, Spine, Muscle & Joint Care", doc.QuerySelector(".tagline")!.TextContent.Trim());
    }

    public static TheoryData<string> PublicPaths => new(
        new[] { "/", "/authors/joe-fleming", "/authors/regina-durbin", "/authors/clinic", "/no-such-page" }
            .Concat(SeedArticles.NewestFirst.Select(a => $"/articles/{a.Slug}")));

    [Theory]
    [MemberData(nameof(PublicPaths))]
    public async Task No_public_page_shows_an_email_address_or_mojibake(string path)
    {
        var html = await (await site.Client.GetAsync(path)).Content.ReadAsStringAsync();

        Assert.DoesNotContain(site.Setup.AdminEmail, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(Html.EmailAddress(), html);
        Assert.DoesNotContain("â€", html);
        Assert.DoesNotContain("Ã", html);
        Assert.DoesNotContain("\uFFFD", html);
    }
}
