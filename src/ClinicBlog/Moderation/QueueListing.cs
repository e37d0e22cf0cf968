using System.Globalization;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Moderation;

/// <summary>What the queue shows: one status tab, narrowed by search and article. <see cref="EmailHash"/> is already hashed.</summary>
/// <param name="WithEmail">Read the encrypted email too: only for those allowed to see it.</param>
internal sealed record QueueFilter(
    CommentStatus Status,
    string? Text = null,
    string? Name = null,
    string? EmailHash = null,
    string? ArticleId = null,
    bool WithEmail = false);

/// <summary>A place in the queue's order (newest first): a comment's time and id, written "ticks_id" in links.</summary>
internal readonly record struct QueueCursor(long Ticks, long Id)
{
    public DateTime Utc => new(Ticks, DateTimeKind.Utc);

    public static QueueCursor At(DateTime utc, long id) => new(utc.Ticks, id);

    public static QueueCursor? Parse(string? text)
    {
        var parts = text?.Split('_');
        return parts is [var ticks, var id]
               && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTime.MaxValue.Ticks
               && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? new QueueCursor(t, i)
            : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ticks}_{Id}");
}

/// <summary>One row of the queue: only what the row shows. <see cref="ProtectedEmail"/> is null unless asked for.</summary>
internal sealed record QueueItem(
    long Id,
    CommentStatus Status,
    string AuthorName,
    string? AuthorWebsite,
    string? ProtectedEmail,
    string Body,
    DateTime CreatedUtc,
    DateTime? EditedUtc,
    string? ModerationReason,
    bool ByStaff,
    string ArticleId,
    string ArticleTitle,
    string? PublishedSlug,
    long? ParentId,
    string? ParentAuthorName,
    string? ParentExcerpt,
    CommentStatus? ParentStatus);

/// <summary>A page of the queue with the cursors of the pages either side (null when there is none).</summary>
internal sealed record QueuePage(IReadOnlyList<QueueItem> Items, QueueCursor? Older, QueueCursor? Newer);

/// <summary>The article the queue is narrowed to.</summary>
internal sealed record ArticleOption(string Id, string Title);

/// <summary>Reads the moderation queue a page at a time.</summary>
/// <remarks>
/// Keyset paging on (CreatedUtc, Id) descending, within one status: every page is one indexed range read on
/// <c>(Status, CreatedUtc, Id)</c> that stops after a page, however deep it is, and a comment approved or deleted
/// meanwhile never makes the next page skip or repeat a row (as OFFSET would).
/// </remarks>
internal sealed class QueueListing(ClinicBlogDbContext db)
{
    public const int PageSize = 50;
    public const int ExcerptLength = 120;

    /// <summary>The page older than <paramref name="before"/>, or newer than <paramref name="after"/>, or the newest.</summary>
    public async Task<QueuePage> PageAsync(QueueFilter filter, QueueCursor? before, QueueCursor? after, CancellationToken ct, int pageSize = PageSize)
    {
        var goingNewer = after is not null && before is null;
        var rows = await Query(filter, before, goingNewer ? after : null, pageSize).ToListAsync(ct);
        var more = rows.Count > pageSize;
        var items = rows.Take(pageSize).ToList();
        if (goingNewer) items.Reverse();
        // An empty page past the end (its last comments just moderated away) still leads back to the others.
        if (items.Count == 0) return new QueuePage(items, goingNewer ? after : null, goingNewer ? null : before);

        QueueCursor First() => QueueCursor.At(items[0].CreatedUtc, items[0].Id);
        QueueCursor Last() => QueueCursor.At(items[^1].CreatedUtc, items[^1].Id);
        // Arriving from a cursor means there is something on its side; the extra row read says whether there is more beyond.
        return goingNewer
            ? new QueuePage(items, Last(), more ? First() : null)
            : new QueuePage(items, more ? Last() : null, before is not null ? First() : null);
    }

    /// <summary>The one query behind a page (public for the query-plan check).</summary>
    public IQueryable<QueueItem> Query(QueueFilter filter, QueueCursor? before, QueueCursor? after, int pageSize = PageSize)
    {
        var status = filter.Status;
        var comments = string.IsNullOrEmpty(filter.EmailHash)
            ? db.Comments.AsNoTracking().Where(c => c.Status == status)
            // One commenter's comments are few: found by the EmailHash index, then sorted. "+ 0" keeps SQLite from
            // walking the whole tab in the status index's order instead (110 ms against under 1 ms at 150,000 approved).
            : db.Comments.AsNoTracking().Where(c => c.EmailHash == filter.EmailHash && (int)c.Status + 0 == (int)status);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim().ToLowerInvariant();
            comments = comments.Where(c => c.Body.ToLower().Contains(text));
        }

        if (!string.IsNullOrWhiteSpace(filter.Name))
        {
            var name = filter.Name.Trim().ToLowerInvariant();
            comments = comments.Where(c => c.AuthorName.ToLower().Contains(name));
        }

        if (!string.IsNullOrEmpty(filter.ArticleId)) comments = comments.Where(c => c.ArticleId == filter.ArticleId);

        // "CreatedUtc <= t" is the range the index serves; the OR only breaks ties within one instant.
        if (before is { } b)
        {
            var t = b.Utc;
            comments = comments.Where(c => c.CreatedUtc <= t && (c.CreatedUtc < t || c.Id < b.Id));
        }
        else if (after is { } a)
        {
            var t = a.Utc;
            comments = comments.Where(c => c.CreatedUtc >= t && (c.CreatedUtc > t || c.Id > a.Id));
        }

        var joined = WithParents(comments);
        var ordered = before is null && after is not null
            ? joined.OrderBy(x => x.Comment.CreatedUtc).ThenBy(x => x.Comment.Id)
            : joined.OrderByDescending(x => x.Comment.CreatedUtc).ThenByDescending(x => x.Comment.Id);
        return Project(ordered.Take(pageSize + 1), filter.WithEmail);
    }

    /// <summary>Given comments in full, whatever their status, newest first (the delete confirmation lists them).</summary>
    public async Task<IReadOnlyList<QueueItem>> ItemsAsync(IReadOnlyCollection<long> ids, bool withEmail, CancellationToken ct)
    {
        var found = new List<QueueItem>(ids.Count);
        foreach (var batch in ids.Chunk(500))
        {
            var joined = WithParents(db.Comments.AsNoTracking().Where(c => batch.Contains(c.Id)));
            found.AddRange(await Project(joined, withEmail).ToListAsync(ct));
        }

        return found.OrderByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id).ToList();
    }

    /// <summary>A comment and the one it answers (a member-init type: EF Core translates member access through it).</summary>
    private sealed class WithParent
    {
        public Comment Comment { get; init; } = null!;
        public Comment? Parent { get; init; }
    }

    private IQueryable<WithParent> WithParents(IQueryable<Comment> comments) =>
        from c in comments
        join p in db.Comments on c.ParentId equals (long?)p.Id into parents
        from p in parents.DefaultIfEmpty()
        select new WithParent { Comment = c, Parent = p };

    private static IQueryable<QueueItem> Project(IQueryable<WithParent> rows, bool withEmail) =>
        rows.Select(x => new QueueItem(
            x.Comment.Id,
            x.Comment.Status,
            x.Comment.AuthorName,
            x.Comment.AuthorWebsite,
            withEmail ? x.Comment.ProtectedEmail : null,
            x.Comment.Body,
            x.Comment.CreatedUtc,
            x.Comment.EditedUtc,
            x.Comment.ModerationReason,
            x.Comment.UserId != null,
            x.Comment.ArticleId,
            x.Comment.Article!.Published != null ? x.Comment.Article.Published.Title : x.Comment.Article.Latest.Title,
            x.Comment.Article.Published != null ? x.Comment.Article.Published.Slug : null,
            x.Comment.ParentId,
            x.Parent != null ? x.Parent.AuthorName : null,
            x.Parent != null ? x.Parent.Body.Substring(0, ExcerptLength) : null,
            x.Parent != null ? x.Parent.Status : null));

    /// <summary>The article the queue is narrowed to, by id; null when there is none such.</summary>
    public async Task<ArticleOption?> ArticleAsync(string articleId, CancellationToken ct) =>
        await db.Articles.AsNoTracking()
            .Where(a => a.ContentItemId == articleId)
            .Select(a => new ArticleOption(a.ContentItemId, a.Published != null ? a.Published.Title : a.Latest.Title))
            .FirstOrDefaultAsync(ct);
}
