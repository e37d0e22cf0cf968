using ClinicBlog.Caching;
using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Comments;

/// <summary>One comment in a thread as shown: <see cref="Depth"/> is capped at the site's maximum, deeper replies stay at that level.</summary>
internal sealed record CommentNode(PublicComment Comment, bool Awaiting, int Depth, IReadOnlyList<CommentNode> Replies);

/// <summary>A page of an article's thread: approved comments, plus the reader's own awaiting ones.</summary>
/// <param name="SharedKey">Set when the page is the same for every reader: names this reading of it, so its markup can
/// be cached (a newer reading has another key). Null when it holds a reader's own comments.</param>
internal sealed record ThreadPage(IReadOnlyList<CommentNode> Roots, int ApprovedCount, int Page, int TotalPages, string? SharedKey = null);

/// <summary>Reads threads for public pages, only ever as <see cref="PublicComment"/> (which has no email).</summary>
internal sealed class CommentThread(ClinicBlogDbContext db, MarkdownRenderer markdown, PageDataCache cache)
{
    public const int TopLevelPerPage = 50;

    /// <summary>A page of the thread; the one every reader sees (none of their own comments waiting) is kept in memory.</summary>
    public Task<ThreadPage> ReadAsync(string articleId, int page, int maxDepth, IReadOnlyCollection<long> ownPendingIds, CancellationToken ct) =>
        ownPendingIds.Count > 0
            ? ReadNowAsync(articleId, page, maxDepth, ownPendingIds, ct)
            : cache.GetAsync($"thread|{articleId}|{page}|{maxDepth}", async reading =>
            {
                var key = $"{articleId}|{page}|{maxDepth}|{reading}";
                var thread = await ReadNowAsync(articleId, page, maxDepth, ownPendingIds, ct);
                return (thread with { SharedKey = key }, new[] { PageTags.Article(articleId) });
            });

    private async Task<ThreadPage> ReadNowAsync(string articleId, int page, int maxDepth, IReadOnlyCollection<long> ownPendingIds, CancellationToken ct)
    {
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == articleId
                        && (c.Status == CommentStatus.Approved || (c.Status == CommentStatus.Pending && ownPendingIds.Contains(c.Id))))
            .OrderBy(c => c.CreatedUtc).ThenBy(c => c.Id)
            .Select(c => new Row(c.Id, c.ParentId, c.AuthorName, c.AuthorWebsite, c.Body, c.CreatedUtc, c.Status))
            .ToListAsync(ct);

        var children = rows.Where(r => r.ParentId is not null).ToLookup(r => r.ParentId!.Value);
        // A reply whose parent is not visible (held, trashed) is hidden with it: it is only reached from its parent.
        // So is a reply to that reply, however deep: only what is reached from a top-level comment is shown and counted.
        var roots = rows.Where(r => r.ParentId is null).ToList();
        var reached = new HashSet<long>();
        var toVisit = new Stack<Row>(roots);
        while (toVisit.TryPop(out var row))
        {
            if (!reached.Add(row.Id)) continue;
            foreach (var child in children[row.Id]) toVisit.Push(child);
        }

        var approvedCount = rows.Count(r => r.Status == CommentStatus.Approved && reached.Contains(r.Id));
        var totalPages = Math.Max(1, (roots.Count + TopLevelPerPage - 1) / TopLevelPerPage);
        page = Math.Clamp(page, 1, totalPages);

        CommentNode Build(Row r, int depth) => new(
            new PublicComment(r.Id, r.ParentId, r.AuthorName, r.AuthorWebsite, markdown.RenderComment(r.Body), r.CreatedUtc),
            r.Status == CommentStatus.Pending, Math.Min(depth, maxDepth),
            children[r.Id].Select(c => Build(c, depth + 1)).ToList());

        var pageRoots = roots.Skip((page - 1) * TopLevelPerPage).Take(TopLevelPerPage).Select(r => Build(r, 1)).ToList();
        return new ThreadPage(pageRoots, approvedCount, page, totalPages);
    }

    private sealed record Row(long Id, long? ParentId, string AuthorName, string? AuthorWebsite, string Body, DateTime CreatedUtc, CommentStatus Status);
}
