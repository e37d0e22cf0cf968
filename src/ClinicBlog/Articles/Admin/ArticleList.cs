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
    ChangesRequested,
    Scheduled,
}

/// <summary>One row of the dashboard's article list.</summary>
internal sealed record ArticleRow(string Id, string Title, ArticleStatus Status, bool IsPublic, bool HasPendingDraft, string? PublicSlug,
    string AuthorName, DateTime ModifiedUtc)
{
    public string Label => PublishingWorkflow.Label(Status, IsPublic, HasPendingDraft);

    public string PillClass => Pill(Status, IsPublic);

    /// <summary>The <c>.status-*</c> classes of the pill: a published article with a newer draft still reads as published.</summary>
    public static string Pill(ArticleStatus status, bool isPublic) => (isPublic, status) switch
    {
        (true, _) => "status-published",
        (_, ArticleStatus.PendingReview) => "status-pending",
        (_, ArticleStatus.Scheduled) => "status-pending status-scheduled",
        (_, ArticleStatus.ChangesRequested) => "status-draft status-changes-requested",
        _ => "status-draft",
    };
}

/// <summary>One row of the review queue: <see cref="When"/> is the submission (waiting) or the publication time (scheduled).</summary>
internal sealed record ReviewRow(string Id, string Title, string AuthorName, bool IsPublic, DateTime When);

internal sealed record ArticlePage(IReadOnlyList<ArticleRow> Rows, int Page, int TotalPages, IReadOnlyDictionary<ArticleFilter, int> Counts);

/// <summary>Articles as the dashboard lists them: newest modified first, by status and words, only one's own for "own" roles.</summary>
internal sealed class ArticleList(ClinicBlogDbContext db)
{
    public const int PageSize = 50;

    /// <summary>A review queue longer than this is a backlog to page through in the list's tabs, not to show at once.</summary>
    public const int QueueLimit = 200;

    /// <summary>The review queue: waiting for review, oldest submission first; then what is scheduled, soonest first.</summary>
    public async Task<(IReadOnlyList<ReviewRow> Waiting, IReadOnlyList<ReviewRow> Scheduled)> ReviewQueueAsync(CancellationToken ct)
    {
        var waiting = await db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.PendingReview)
            .OrderBy(a => a.SubmittedUtc ?? a.ModifiedUtc).ThenBy(a => a.ContentItemId)
            .Select(a => new ReviewRow(a.ContentItemId, a.Latest.Title, a.Author!.DisplayName, a.Published != null, a.SubmittedUtc ?? a.ModifiedUtc))
            .Take(QueueLimit).ToListAsync(ct);
        var scheduled = await db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Scheduled)
            .OrderBy(a => a.ScheduledUtc).ThenBy(a => a.ContentItemId)
            .Select(a => new ReviewRow(a.ContentItemId, a.Latest.Title, a.Author!.DisplayName, a.Published != null, a.ScheduledUtc!.Value))
            .Take(QueueLimit).ToListAsync(ct);
        return (waiting, scheduled);
    }

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
            [ArticleFilter.ChangesRequested] = await Filter(visible, ArticleFilter.ChangesRequested).CountAsync(ct),
            [ArticleFilter.Scheduled] = await Filter(visible, ArticleFilter.Scheduled).CountAsync(ct),
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
        ArticleFilter.ChangesRequested => articles.Where(a => a.Status == ArticleStatus.ChangesRequested),
        ArticleFilter.Scheduled => articles.Where(a => a.Status == ArticleStatus.Scheduled),
        _ => articles,
    };
}
