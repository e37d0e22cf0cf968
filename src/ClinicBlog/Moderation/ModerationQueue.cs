using ClinicBlog.Caching;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Moderation;

/// <summary>What a moderator does to comments: approve, unapprove, spam, trash, restore, delete.</summary>
/// <remarks>
/// Replies are never changed along with their parent: a public thread reaches a reply only through its parent, so
/// hiding a comment hides its replies and restoring it brings them back, with each reply's own status intact.
/// </remarks>
internal sealed class ModerationQueue(ClinicBlogDbContext db, CommentNotifications notifications, MailDispatcher mail, PageCache cache)
{
    public async Task<IReadOnlyDictionary<CommentStatus, int>> CountsAsync(CancellationToken ct)
    {
        var counts = await db.Comments.AsNoTracking().GroupBy(c => c.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<CommentStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    public Task<int> ApproveAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => SetStatusAsync(ids, CommentStatus.Approved, ct);

    public Task<int> UnapproveAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => SetStatusAsync(ids, CommentStatus.Pending, ct);

    public Task<int> SpamAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => SetStatusAsync(ids, CommentStatus.Spam, ct);

    public Task<int> TrashAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => SetStatusAsync(ids, CommentStatus.Trash, ct);

    /// <summary>Back from Spam or Trash to the queue, for a moderator to look at again.</summary>
    public Task<int> RestoreAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => SetStatusAsync(ids, CommentStatus.Pending, ct);

    /// <summary>Changes the status of the given comments; returns how many changed.</summary>
    public async Task<int> SetStatusAsync(IReadOnlyCollection<long> ids, CommentStatus status, CancellationToken ct)
    {
        var comments = await db.Comments.Where(c => ids.Contains(c.Id) && c.Status != status).ToListAsync(ct);
        foreach (var comment in comments)
        {
            comment.Status = status;
            // Only a moderator's verdict teaches the policy; a restore takes it back.
            if (status == CommentStatus.Spam) comment.SpamByModerator = true;
            else if (status is CommentStatus.Approved or CommentStatus.Pending) comment.SpamByModerator = false;
            comment.ModerationReason = status switch
            {
                CommentStatus.Approved => "approved by a moderator",
                CommentStatus.Spam => "marked as spam by a moderator",
                CommentStatus.Trash => "moved to the trash by a moderator",
                _ => comment.ModerationReason,
            };
        }

        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync(comments.Select(c => PageTags.Article(c.ArticleId)), ct);
        if (status == CommentStatus.Approved)
        {
            foreach (var comment in comments) await notifications.CommentApprovedAsync(comment, ct);
            await db.SaveChangesAsync(ct);
            mail.Wake();
        }

        return comments.Count;
    }

    /// <summary>Deletes for good. Replies to a deleted comment are deleted with it (they would have nowhere to hang).</summary>
    public async Task<int> DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var all = new HashSet<long>(ids);
        var frontier = ids.ToList();
        while (frontier.Count > 0)
        {
            var children = await db.Comments.Where(c => c.ParentId != null && frontier.Contains(c.ParentId.Value))
                .Select(c => c.Id).ToListAsync(ct);
            frontier = children.Where(all.Add).ToList();
        }

        var articles = await db.Comments.Where(c => all.Contains(c.Id)).Select(c => c.ArticleId).Distinct().ToListAsync(ct);
        // Deepest first, so no row is deleted while a reply still points at it.
        var deleted = 0;
        foreach (var batch in all.OrderDescending().Chunk(500))
            deleted += await db.Comments.Where(c => batch.Contains(c.Id)).ExecuteDeleteAsync(ct);
        await cache.InvalidateAsync(articles.Select(PageTags.Article), ct);
        return deleted;
    }

    /// <summary>"Empty Spam" and "Empty Trash".</summary>
    public async Task<int> EmptyAsync(CommentStatus status, CancellationToken ct)
    {
        if (status is not (CommentStatus.Spam or CommentStatus.Trash))
            throw new ArgumentOutOfRangeException(nameof(status), "Only Spam and Trash can be emptied.");
        var ids = await db.Comments.Where(c => c.Status == status).Select(c => c.Id).ToListAsync(ct);
        return await DeleteAsync(ids, ct);
    }
}
