using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ClinicBlog.Content;

namespace ClinicBlog.Tests.Content;

/// <summary>Markdown to HTML for articles, bios and comments: the structure authors write, and nothing that can run.</summary>
public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer renderer = new();

    [Fact]
    public void Headings_render_as_headings()
    {
        var doc = Parse(renderer.RenderArticle("## What is IASTM?\n\nText.\n\n### How Does It Work?\n\nMore."));

        Assert.Equal("What is IASTM?", doc.QuerySelector("h2")?.TextContent);
        Assert.Equal("How Does It Work?", doc.QuerySelector("h3")?.TextContent);
    }

    [Fact]
    public void A_top_level_heading_in_a_body_keeps_its_text()
    {
        // The page's own <h1> is the title, so a "# Heading" in the body may not stay an <h1>, but its words must not vanish.
        var html = renderer.RenderArticle("# Clinical Benefits\n\nMelham et al found that IASTM improved range of motion.");

        var doc = Parse(html);
        Assert.Null(doc.QuerySelector("h1"));
        Assert.Equal("Clinical Benefits", doc.QuerySelector("h2")?.TextContent);
        Assert.Contains("Melham et al", doc.QuerySelector("p")?.TextContent);
    }

    [Fact]
    public void Nested_lists_stay_nested()
    {
        var doc = Parse(renderer.RenderArticle("- Benefits of IASTM:\n    - Pain reduction\n    - Improved movement\n- Considerations"));

        var inner = doc.QuerySelectorAll("ul > li > ul > li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["Pain reduction", "Improved movement"], inner);
        Assert.Equal(2, doc.QuerySelectorAll("body > ul > li").Length);
    }

    [Fact]
    public void Emphasis_tables_and_images_are_kept_in_articles()
    {
        var doc = Parse(renderer.RenderArticle("**Indications** and *care*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![A tool](https://example.com/tool.jpg)"));

        Assert.Equal("Indications", doc.QuerySelector("strong")?.TextContent);
        Assert.Equal("care", doc.QuerySelector("em")?.TextContent);
        Assert.Equal(2, doc.QuerySelectorAll("td").Length);
        var img = doc.QuerySelector("img");
        Assert.Equal(("https://example.com/tool.jpg", "A tool"), (img?.GetAttribute("src"), img?.GetAttribute("alt")));
    }

    [Theory]
    [InlineData("noopener")]
    [InlineData("nofollow")]
    [InlineData("sponsored")]
    public void Links_in_articles_get_the_configured_rel(string rel)
    {
        var doc = Parse(renderer.RenderArticle("Visit [ViveHealth](https://www.vivehealth.com) or <https://example.com>.", rel));

        var links = doc.QuerySelectorAll("a");
        Assert.Equal(2, links.Length);
        Assert.All(links, a => Assert.Equal(rel, a.GetAttribute("rel")));
        Assert.Equal("https://www.vivehealth.com", links[0].GetAttribute("href"));
    }

    public static TheoryData<string> Attacks => new()
    {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<style>body { display: none }</style>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<p onclick=\"alert(1)\">hi</p>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<svg onload=alert(1)></svg>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "<javascript:alert(1)>",
        "[click][x]\n\n[x]: javascript:alert(1)",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "**bold <script>alert(1)</script>**",
        "`code` <img src=\"https://example.com/a.png\" onerror=\"alert(1)\">",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Nothing_that_can_run_survives_in_an_article(string markdown) => AssertInert(renderer.RenderArticle(markdown));

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Nothing_that_can_run_survives_in_a_comment(string markdown) => AssertInert(renderer.RenderComment(markdown));

    [Fact]
    public void Comments_render_only_a_small_subset()
    {
        var doc = Parse(renderer.RenderComment("# Not a heading\n\n## Nor this\n\n**Thanks**, it helped with my *plantar fasciitis*.\n\n- one\n- two\n\n> quoted\n\n![photo](https://example.com/photo.jpg)"));

        Assert.Empty(doc.QuerySelectorAll("h1, h2, h3, h4, h5, h6, img, table"));
        Assert.Contains("Not a heading", doc.Body!.TextContent);
        Assert.Equal("Thanks", doc.QuerySelector("strong")?.TextContent);
        Assert.Equal(2, doc.QuerySelectorAll("ul > li").Length);
        Assert.NotNull(doc.QuerySelector("blockquote"));
    }

    [Fact]
    public void Links_in_comments_carry_no_endorsement()
    {
        var doc = Parse(renderer.RenderComment("See [my site](https://example.com) and https://example.org"));

        var links = doc.QuerySelectorAll("a");
        Assert.Equal(2, links.Length);
        Assert.All(links, a => Assert.Equal("nofollow ugc noopener", a.GetAttribute("rel")));
    }

    [Fact]
    public void Reading_time_counts_words()
    {
        Assert.Equal(1, MarkdownRenderer.ReadingMinutes("short"));
        Assert.Equal(5, MarkdownRenderer.ReadingMinutes(string.Join(' ', Enumerable.Repeat("word", 1100))));
    }

    /// <summary>No element, attribute or URL in the HTML can run script or load a document; escaped text is harmless.</summary>
    private static void AssertInert(string html)
    {
        var doc = Parse(html);
        Assert.Empty(doc.QuerySelectorAll("script, style, iframe, object, embed, svg, form, input, link, meta, base"));
        foreach (var element in doc.Body!.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} on <{element.LocalName}> in {html}");
                Assert.NotEqual("style", attribute.Name);
                if (attribute.Name is "href" or "src")
                    Assert.Matches("^(https?://|/|#)", attribute.Value.Trim());
            }
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");
}
