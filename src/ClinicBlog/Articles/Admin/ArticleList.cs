using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Articles.Admin;

/// <summary>The status tabs of the article list.</summary>
internal enum ArticleFilter
{
    All,
    Draft,
    Pending,
    Published,
}

/// <summary>One row of the dashboard's article list.</summary>
internal sealed record ArticleRow(string Id, string Title, ArticleStatus Status, bool IsPublic, bool HasPendingDraft, string? PublicSlug,
    string AuthorName, DateTime ModifiedUtc)
{
    public string Label => PublishingWorkflow.Label(Status, IsPublic, HasPendingDraft);

    /// <summary>The <c>.status-*</c> class of the pill: a published article with a newer draft still reads as published.</summary>
    public string PillClass => IsPublic ? "status-published" : Status == ArticleStatus.PendingReview ? "status-pending" : "status-draft";
}

internal sealed record ArticlePage(IReadOnlyList<ArticleRow> Rows, int Page, int TotalPages, IReadOnlyDictionary<ArticleFilter, int> Counts);

/// <summary>Articles as the dashboard lists them: newest modified first, by status and words, only one's own for "own" roles.</summary>
internal sealed class ArticleList(ClinicBlogDbContext db)
{
    public const int PageSize = 50;

    public async Task<ArticlePage> ListAsync(Actor actor, ArticleFilter filter, string? search, int page, CancellationToken ct)
    {
        var visible = db.Articles.AsNoTracking();
        if (!actor.Can(Permissions.EditAllArticles))
        {
            var userId = actor.UserId ?? "";
            visible = visible.Where(a => a.OwnerUserId == userId || a.Author!.UserId == userId);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            // Lower on both sides: SQLite's instr and PostgreSQL's strpos are both case-sensitive.
            var words = search.Trim().ToLower();
            visible = visible.Where(a => a.Latest.Title.ToLower().Contains(words)
                || (a.Published != null && a.Published.Title.ToLower().Contains(words))
                || a.Author!.DisplayName.ToLower().Contains(words));
        }

        var counts = new Dictionary<ArticleFilter, int>
        {
            [ArticleFilter.All] = await visible.CountAsync(ct),
            [ArticleFilter.Draft] = await Filter(visible, ArticleFilter.Draft).CountAsync(ct),
            [ArticleFilter.Pending] = await Filter(visible, ArticleFilter.Pending).CountAsync(ct),
            [ArticleFilter.Published] = await Filter(visible, ArticleFilter.Published).CountAsync(ct),
        };
        var total = counts[filter];
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var rows = await Filter(visible, filter)
            .OrderByDescending(a => a.ModifiedUtc).ThenBy(a => a.ContentItemId)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(a => new ArticleRow(
                a.ContentItemId, a.Latest.Title, a.Status, a.Published != null,
                a.Published != null && (a.Latest.Title != a.Published.Title || a.Latest.Slug != a.Published.Slug
                    || a.Latest.Summary != a.Published.Summary || a.Latest.Markdown != a.Published.Markdown
                    || a.Latest.Tags != a.Published.Tags || a.Latest.ImageUrl != a.Published.ImageUrl
                    || a.Latest.ImageAlt != a.Published.ImageAlt),
                a.Published == null ? null : a.Published.Slug,
                a.Author!.DisplayName, a.ModifiedUtc))
            .ToListAsync(ct);
        return new ArticlePage(rows, page, pages, counts);
    }

    /// <summary>Drafts are never public; pending includes a published article's edit under review; published is what readers see.</summary>
    private static IQueryable<GuestArticle> Filter(IQueryable<GuestArticle> articles, ArticleFilter filter) => filter switch
    {
        ArticleFilter.Draft => articles.Where(a => a.Published == null && a.Status == ArticleStatus.Draft),
        ArticleFilter.Pending => articles.Where(a => a.Status == ArticleStatus.PendingReview),
        ArticleFilter.Published => articles.Where(a => a.Published != null),
        _ => articles,
    };
}
