using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Comments;

/// <summary>One comment in a thread as shown: <see cref="Depth"/> is capped at the site's maximum, deeper replies stay at that level.</summary>
internal sealed record CommentNode(PublicComment Comment, bool Awaiting, int Depth, IReadOnlyList<CommentNode> Replies);

/// <summary>A page of an article's thread: approved comments, plus the reader's own awaiting ones.</summary>
internal sealed record ThreadPage(IReadOnlyList<CommentNode> Roots, int ApprovedCount, int Page, int TotalPages);

/// <summary>Reads threads for public pages, only ever as <see cref="PublicComment"/> (which has no email).</summary>
internal sealed class CommentThread(ClinicBlogDbContext db, MarkdownRenderer markdown)
{
    public const int TopLevelPerPage = 50;

    public async Task<ThreadPage> ReadAsync(string articleId, int page, int maxDepth, IReadOnlyCollection<long> ownPendingIds, CancellationToken ct)
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
