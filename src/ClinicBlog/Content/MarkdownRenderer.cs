using System.Collections.Concurrent;
using Ganss.Xss;
using Microsoft.Extensions.Caching.Memory;
using Markdig;
using Markdig.Syntax;

namespace ClinicBlog.Content;

/// <summary>Markdown to safe HTML: Markdig renders, HtmlSanitizer keeps only an allow-list.</summary>
/// <remarks>
/// Raw HTML in Markdown is escaped by Markdig and whatever still gets through is sanitized, so an author or a
/// commenter can never add script, style, event handlers, or <c>javascript:</c>/<c>data:</c> URLs.
/// </remarks>
internal sealed class MarkdownRenderer : IDisposable
{
    private static readonly string[] ArticleTags =
    [
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code",
        "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "sup", "sub",
    ];

    private static readonly string[] CommentTags = ["p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a"];

    private readonly MarkdownPipeline articlePipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().DisableHtml().Build();

    private readonly MarkdownPipeline commentPipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks().DisableHtml().DisableHeadings().Build();

    // One sanitizer per link rel the site may choose; each is thread-safe once built.
    private readonly ConcurrentDictionary<string, HtmlSanitizer> articleSanitizers = new(StringComparer.Ordinal);
    private readonly HtmlSanitizer commentSanitizer = CreateSanitizer(CommentTags, allowImages: false, "nofollow ugc noopener");

    // Rendering and sanitizing cost far more than a page's queries, and a text renders the same every time: the
    // HTML is kept by the text itself (so an edit is a new key), bounded by the number of texts.
    private readonly MemoryCache rendered = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>An article body or a bio. <paramref name="linkRel"/> is the site's choice for links ("noopener").</summary>
    public string RenderArticle(string markdown, string linkRel = "noopener") =>
        Cached(("article", linkRel, markdown), () => RenderArticleNow(markdown, linkRel));

    /// <summary>A reader's comment: a small subset, and links that carry no endorsement.</summary>
    public string RenderComment(string markdown) =>
        Cached(("comment", "", markdown), () => commentSanitizer.Sanitize(Markdown.ToHtml(markdown, commentPipeline)).TrimEnd());

    /// <summary>Plain text of a Markdown body, for reading time and summaries.</summary>
    public string ToPlainText(string markdown) =>
        Cached(("text", "", markdown), () => Markdown.ToPlainText(markdown, articlePipeline));

    public void Dispose() => rendered.Dispose();

    private string Cached((string Kind, string Rel, string Markdown) key, Func<string> render)
    {
        if (rendered.TryGetValue(key, out string? html)) return html!;
        html = render();
        rendered.Set(key, html, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(6) });
        return html;
    }

    private string RenderArticleNow(string markdown, string linkRel)
    {
        // The page's title is its only <h1>: a "# Heading" in the body becomes an <h2> rather than being dropped.
        var document = Markdown.Parse(markdown, articlePipeline);
        foreach (var heading in document.Descendants<HeadingBlock>().Where(h => h.Level == 1)) heading.Level = 2;
        var html = document.ToHtml(articlePipeline);
        var sanitizer = articleSanitizers.GetOrAdd(linkRel, rel => CreateSanitizer(ArticleTags, allowImages: true, rel));
        return sanitizer.Sanitize(html);
    }


    public static int ReadingMinutes(string plainText)
    {
        var words = plainText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return Math.Max(1, (int)Math.Round(words / 220.0));
    }

    private static HtmlSanitizer CreateSanitizer(string[] tags, bool allowImages, string linkRel)
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "title", "alt", "src", "align"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        if (!allowImages) options.AllowedAttributes.Remove("src");
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } a) a.SetAttribute("rel", linkRel);
        };
        return sanitizer;
    }
}
