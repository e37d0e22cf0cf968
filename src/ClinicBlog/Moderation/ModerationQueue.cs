using System.Globalization;
using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Moderation;

/// <summary>What a moderator can do to comments from the queue.</summary>
internal enum QueueAction
{
    Approve,
    Unapprove,
    Spam,
    Trash,
    Restore,
    Delete,
}

/// <summary>The signed-in staff member a reply is written as.</summary>
internal sealed record StaffAuthor(string UserId, string DisplayName, string Email);

/// <summary>What became of a staff reply: the new comment, or an error in plain words for the form.</summary>
internal sealed record ReplyOutcome(long? ReplyId, bool ParentApproved, string? Error)
{
    public static ReplyOutcome Fail(string error) => new(null, false, error);
}

/// <summary>What a moderator does to comments: approve, unapprove, spam, trash, restore, delete, reply, edit.</summary>
/// <remarks>
/// Replies are never changed along with their parent: a public thread reaches a reply only through its parent, so
/// hiding a comment hides its replies and restoring it brings them back, with each reply's own status intact.
/// Every change is written to the audit trail in the same unit of work, one entry per comment (item id = comment id),
/// so "what happened to comment 123" is one filter in the audit trail, bulk actions included.
/// </remarks>
internal sealed class ModerationQueue(
    ClinicBlogDbContext db,
    CommentNotifications notifications,
    MailDispatcher mail,
    AuditLog audit,
    EmailProtector emails,
    PageCache cache,
    TimeProvider clock)
{
    internal const string ItemType = "comment";
    internal const string StaffReason = "approved: written by staff";

    /// <summary>How many comments each tab has: the rows the database keeps by trigger (<see cref="CommentStatusCount"/>).</summary>
    public async Task<IReadOnlyDictionary<CommentStatus, int>> CountsAsync(CancellationToken ct)
    {
        var counts = await db.CommentStatusCounts.AsNoTracking().ToDictionaryAsync(c => c.Status, c => c.Count, ct);
        return Enum.GetValues<CommentStatus>().ToDictionary(s => s, s => counts.GetValueOrDefault(s));
    }

    /// <summary>The number on the dashboard's "Comments" link.</summary>
    public async Task<int> PendingCountAsync(CancellationToken ct) =>
        await db.CommentStatusCounts.AsNoTracking().Where(c => c.Status == CommentStatus.Pending).Select(c => c.Count).FirstOrDefaultAsync(ct);

    /// <summary>Does one action to the given comments; returns the ids that changed (for Delete: with their replies).</summary>
    public Task<IReadOnlyList<long>> ApplyAsync(QueueAction action, IReadOnlyCollection<long> ids, CancellationToken ct) => action switch
    {
        QueueAction.Approve => ApproveAsync(ids, ct),
        QueueAction.Unapprove => UnapproveAsync(ids, ct),
        QueueAction.Spam => SpamAsync(ids, ct),
        QueueAction.Trash => TrashAsync(ids, ct),
        QueueAction.Restore => RestoreAsync(ids, ct),
        QueueAction.Delete => DeleteAsync(ids, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public Task<IReadOnlyList<long>> ApproveAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ChangeAsync(ids, from: null, CommentStatus.Approved, "comment.approve", "Approved", "approved by a moderator", ct);

    /// <summary>Back to Pending from Approved only (an unapproved spam comment would otherwise leave the spam).</summary>
    public Task<IReadOnlyList<long>> UnapproveAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ChangeAsync(ids, from: [CommentStatus.Approved], CommentStatus.Pending, "comment.unapprove", "Unapproved", "unapproved by a moderator", ct);

    public Task<IReadOnlyList<long>> SpamAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ChangeAsync(ids, from: null, CommentStatus.Spam, "comment.spam", "Marked as spam", "marked as spam by a moderator", ct);

    public Task<IReadOnlyList<long>> TrashAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ChangeAsync(ids, from: null, CommentStatus.Trash, "comment.trash", "Moved to the trash", "moved to the trash by a moderator", ct);

    /// <summary>Back from Spam or Trash to the queue, for a moderator to look at again.</summary>
    public Task<IReadOnlyList<long>> RestoreAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ChangeAsync(ids, from: [CommentStatus.Spam, CommentStatus.Trash], CommentStatus.Pending, "comment.restore", "Restored", "restored by a moderator", ct);

    private async Task<IReadOnlyList<long>> ChangeAsync(IReadOnlyCollection<long> ids, CommentStatus[]? from, CommentStatus status,
        string action, string verb, string reason, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var query = db.Comments.Where(c => ids.Contains(c.Id) && c.Status != status);
        if (from is not null) query = query.Where(c => from.Contains(c.Status));
        var comments = await query.OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var comment in comments)
        {
            var before = comment.Status;
            comment.Status = status;
            // Only a moderator's verdict teaches the policy; approving or restoring takes it back, trashing keeps it.
            if (status == CommentStatus.Spam) comment.SpamByModerator = true;
            else if (status is CommentStatus.Approved or CommentStatus.Pending) comment.SpamByModerator = false;
            comment.ModerationReason = reason;
            audit.Record(action, ItemType, Id(comment.Id), $"{verb}: comment by {comment.AuthorName}", Label(before), Label(status));
        }

        await db.SaveChangesAsync(ct);
        if (status == CommentStatus.Approved && comments.Count > 0)
        {
            foreach (var comment in comments) await notifications.CommentApprovedAsync(comment, ct);
            await db.SaveChangesAsync(ct);
            mail.Wake();
        }

        // Inside a caller's transaction (a staff reply) the caller evicts after its commit.
        if (db.Database.CurrentTransaction is null) await EvictAsync(comments.Select(c => c.ArticleId), ct);
        return comments.Select(c => c.Id).ToList();
    }

    /// <summary>The given comments and every reply below them: what a permanent delete takes away.</summary>
    public async Task<IReadOnlyList<long>> WithRepliesAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var existing = await db.Comments.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var all = new HashSet<long>(existing);
        var frontier = existing;
        while (frontier.Count > 0)
        {
            var children = await db.Comments.Where(c => c.ParentId != null && frontier.Contains(c.ParentId.Value))
                .Select(c => c.Id).ToListAsync(ct);
            frontier = children.Where(all.Add).ToList();
        }

        return all.Order().ToList();
    }

    /// <summary>Deletes for good; returns the deleted ids. Replies to a deleted comment go with it (they would have nowhere to hang).</summary>
    public async Task<IReadOnlyList<long>> DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        await DeleteWithRepliesAsync(await WithRepliesAsync(ids, ct), "Deleted permanently", ct);

    /// <summary>"Empty Spam" and "Empty Trash": returns the deleted ids (replies below them included).</summary>
    public async Task<IReadOnlyList<long>> EmptyAsync(CommentStatus status, CancellationToken ct)
    {
        if (status is not (CommentStatus.Spam or CommentStatus.Trash))
            throw new ArgumentOutOfRangeException(nameof(status), "Only Spam and Trash can be emptied.");
        var ids = await db.Comments.Where(c => c.Status == status).Select(c => c.Id).ToListAsync(ct);
        var verb = status == CommentStatus.Spam ? "Deleted permanently (emptied the spam)" : "Deleted permanently (emptied the trash)";
        return await DeleteWithRepliesAsync(await WithRepliesAsync(ids, ct), verb, ct);
    }

    private async Task<IReadOnlyList<long>> DeleteWithRepliesAsync(IReadOnlyList<long> all, string verb, CancellationToken ct)
    {
        if (all.Count == 0) return [];
        // The audit entries and the delete succeed or fail together.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var batch in all.Chunk(500))
        {
            var rows = await db.Comments.AsNoTracking().Where(c => batch.Contains(c.Id))
                .Select(c => new { c.Id, c.AuthorName, c.Status, c.ParentId }).ToListAsync(ct);
            foreach (var row in rows)
                audit.Record("comment.delete", ItemType, Id(row.Id), $"{verb}: comment by {row.AuthorName}", Label(row.Status), null);
        }

        await db.SaveChangesAsync(ct);
        var articles = await db.Comments.Where(c => all.Contains(c.Id)).Select(c => c.ArticleId).Distinct().ToListAsync(ct);
        // Deepest first (a reply has a higher id than its parent), so no row is deleted while a reply still points at it.
        foreach (var batch in all.OrderDescending().Chunk(500))
            await db.Comments.Where(c => batch.Contains(c.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        await EvictAsync(articles, ct);
        return all;
    }

    /// <summary>
    /// A staff reply from the queue: stored Approved at once, threaded under the comment, written as the signed-in account.
    /// A reply to a comment still held approves that comment too: answering it in public is approving it.
    /// </summary>
    /// <returns>Null when the comment does not exist.</returns>
    public async Task<ReplyOutcome?> ReplyAsync(long parentId, StaffAuthor author, string? text, CancellationToken ct)
    {
        var parent = await db.Comments.AsNoTracking().Where(c => c.Id == parentId)
            .Select(c => new { c.Id, c.ArticleId, c.Status }).FirstOrDefaultAsync(ct);
        if (parent is null) return null;
        if (parent.Status is CommentStatus.Spam or CommentStatus.Trash)
        {
            return ReplyOutcome.Fail(parent.Status == CommentStatus.Spam
                ? "This comment is marked as spam. Restore it first if you want to answer it in public."
                : "This comment is in the trash. Restore it first if you want to answer it in public.");
        }

        var body = text?.Trim() ?? "";
        if (await BodyProblemAsync(body, "reply", ct) is { } problem) return ReplyOutcome.Fail(problem);

        // Encrypted and hashed before the transaction: a first use may store a key, through a connection of its own.
        var protectedEmail = author.Email.Length > 0 ? emails.Protect(author.Email) : "";
        var emailHash = author.Email.Length > 0 ? await emails.HashAsync(author.Email, ct) : "";

        // The parent's approval, the reply and their audit entries are stored together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var parentApproved = parent.Status == CommentStatus.Pending && (await ApproveAsync([parent.Id], ct)).Count > 0;
        var reply = new Comment
        {
            ArticleId = parent.ArticleId,
            ParentId = parent.Id,
            AuthorName = author.DisplayName,
            ProtectedEmail = protectedEmail,
            EmailHash = emailHash,
            UserId = author.UserId,
            Body = body,
            Status = CommentStatus.Approved,
            ModerationReason = StaffReason,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Comments.Add(reply);
        await db.SaveChangesAsync(ct);
        audit.Record("comment.reply", ItemType, Id(reply.Id), $"Replied to comment {parent.Id} as {author.DisplayName}", null, body);
        await notifications.CommentApprovedAsync(reply, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        mail.Wake();
        await EvictAsync([parent.ArticleId], ct);
        return new ReplyOutcome(reply.Id, parentApproved, null);
    }

    /// <summary>Changes a comment's text, keeping when it was edited; the audit trail keeps the text before and after.</summary>
    /// <returns>Null when the comment does not exist; otherwise an error in plain words, or "" when saved (or unchanged).</returns>
    public async Task<string?> EditAsync(long id, string? text, CancellationToken ct)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (comment is null) return null;
        var body = text?.Trim() ?? "";
        if (await BodyProblemAsync(body, "comment", ct) is { } problem) return problem;
        if (body == comment.Body) return "";

        audit.Record("comment.edit", ItemType, Id(comment.Id), $"Edited the text of a comment by {comment.AuthorName}", comment.Body, body);
        comment.Body = body;
        comment.EditedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        if (comment.Status == CommentStatus.Approved) await EvictAsync([comment.ArticleId], ct);
        return "";
    }

    /// <summary>Evicts the cached pages of the articles whose public threads changed (after the change is committed).</summary>
    private Task EvictAsync(IEnumerable<string> articleIds, CancellationToken ct) =>
        cache.InvalidateAsync(articleIds.Distinct().Select(PageTags.Article), ct);

    private async Task<string?> BodyProblemAsync(string body, string what, CancellationToken ct)
    {
        var maxLength = await db.SiteSettings.AsNoTracking().Select(s => (int?)s.CommentPolicy.MaxLength).FirstOrDefaultAsync(ct) ?? 5000;
        if (body.Length == 0) return $"Please write the {what}'s text.";
        if (body.Length > maxLength)
            return string.Create(CultureInfo.InvariantCulture, $"The {what} is {body.Length:N0} characters long; please keep it to {maxLength:N0}.");
        return null;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    internal static string Label(CommentStatus status) => status switch
    {
        CommentStatus.Pending => "Pending",
        CommentStatus.Approved => "Approved",
        CommentStatus.Spam => "Spam",
        CommentStatus.Trash => "Trash",
        _ => status.ToString(),
    };
}
