using ClinicBlog.Caching;
using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Articles;

/// <summary>A published article as a list shows it.</summary>
internal sealed record ArticleSummary(string Title, string Slug, string Summary, string AuthorName, string AuthorSlug, string Byline, DateTime PublishedUtc);

/// <summary>A published article as its page shows it; the HTML is rendered and sanitized.</summary>
internal sealed record ArticleView(
    string ContentItemId,
    string AuthorId,
    string Title,
    string Slug,
    string Summary,
    string BodyHtml,
    int ReadingMinutes,
    IReadOnlyList<string> Tags,
    string ImageUrl,
    string ImageAlt,
    DateTime PublishedUtc,
    DateTime ModifiedUtc,
    bool CommentsOpen,
    AuthorBox Author)
{
    /// <summary>Names this reading of the article, so its markup can be cached with it (a newer reading has another).</summary>
    public string? SharedKey { get; init; }
}

/// <summary>The "About the Author" box: public fields of a bio only.</summary>
internal sealed record AuthorBox(string DisplayName, string Slug, string Byline, string Headline, string BioHtml, string WebsiteUrl, string WebsiteText, string PhotoUrl);

/// <summary>Where an address leads: an article, a 301 to its new address, or nothing.</summary>
internal abstract record ArticleLookup
{
    public sealed record Found(ArticleView Article) : ArticleLookup;
    public sealed record Moved(string Slug) : ArticleLookup;
    public sealed record Missing : ArticleLookup;
}

/// <summary>What readers may see of articles: the published version only, never a draft.</summary>
internal sealed class ArticleQueries(ClinicBlogDbContext db, MarkdownRenderer markdown, PageDataCache cache)
{
    public const int PageSize = 10;

    public async Task<(IReadOnlyList<ArticleSummary> Items, int TotalPages)> HomePageAsync(int page, CancellationToken ct)
    {
        var published = db.Articles.AsNoTracking().Where(a => a.Published != null);
        var count = await published.CountAsync(ct);
        var totalPages = Math.Max(1, (count + PageSize - 1) / PageSize);
        if (page > totalPages) return ([], totalPages);
        var items = await published
            .OrderByDescending(a => a.PublishedUtc).ThenBy(a => a.ContentItemId)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(a => new ArticleSummary(a.Published!.Title, a.Published.Slug, a.Published.Summary, a.Author!.DisplayName,
                a.Author.Slug, a.Author.Credentials == "" ? a.Author.DisplayName : a.Author.DisplayName + ", " + a.Author.Credentials,
                a.PublishedUtc!.Value))
            .ToListAsync(ct);
        return (items, totalPages);
    }

    public async Task<IReadOnlyList<ArticleSummary>> ByAuthorAsync(string authorId, CancellationToken ct) =>
        await db.Articles.AsNoTracking()
            .Where(a => a.Published != null && a.AuthorBioId == authorId)
            .OrderByDescending(a => a.PublishedUtc)
            .Select(a => new ArticleSummary(a.Published!.Title, a.Published.Slug, a.Published.Summary, a.Author!.DisplayName,
                a.Author.Slug, a.Author.DisplayName, a.PublishedUtc!.Value))
            .ToListAsync(ct);

    /// <summary>The article at an address; a found one is kept in memory until it, its author or the site changes.</summary>
    public Task<ArticleLookup> BySlugAsync(string slug, string linkRel, CancellationToken ct) =>
        cache.GetAsync<ArticleLookup>($"article|{linkRel}|{slug}", async reading =>
        {
            var key = $"{linkRel}|{slug}|{reading}";
            var lookup = await ReadBySlugAsync(slug, linkRel, ct);
            return lookup is ArticleLookup.Found found
                ? (new ArticleLookup.Found(found.Article with { SharedKey = key }), [PageTags.Article(found.Article.ContentItemId), PageTags.Author(found.Article.AuthorId)])
                : (lookup, null);
        });

    private async Task<ArticleLookup> ReadBySlugAsync(string slug, string linkRel, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Include(a => a.Author)
            .FirstOrDefaultAsync(a => a.Published != null && a.Published.Slug == slug, ct);
        if (article is null)
        {
            var moved = await db.ArticleSlugRedirects.AsNoTracking()
                .Where(r => r.OldSlug == slug)
                .Join(db.Articles.Where(a => a.Published != null), r => r.ContentItemId, a => a.ContentItemId, (r, a) => a.Published!.Slug)
                .FirstOrDefaultAsync(ct);
            return moved is null ? new ArticleLookup.Missing() : new ArticleLookup.Moved(moved);
        }

        var v = article.Published!;
        var author = article.Author!;
        return new ArticleLookup.Found(new ArticleView(
            article.ContentItemId, article.AuthorBioId, v.Title, v.Slug, v.Summary,
            markdown.RenderArticle(v.Markdown, linkRel),
            MarkdownRenderer.ReadingMinutes(markdown.ToPlainText(v.Markdown)),
            v.TagList, v.ImageUrl, v.ImageAlt, article.PublishedUtc!.Value, article.ModifiedUtc, article.CommentsOpen,
            new AuthorBox(author.DisplayName, author.Slug, author.Byline, author.Headline,
                markdown.RenderArticle(author.BioMarkdown, linkRel), author.WebsiteUrl, author.WebsiteText, author.PhotoUrl)));
    }
}
