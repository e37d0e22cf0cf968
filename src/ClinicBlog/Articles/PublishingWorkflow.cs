using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using System.Globalization;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.EntityFrameworkCore;
using SlugText = ClinicBlog.Content.Slug;

namespace ClinicBlog.Articles;

/// <summary>An article's life: draft, edits, review, publish, unpublish, delete. Every transition guards itself.</summary>
/// <remarks>
/// Its parts, by job: the rules (<c>.Rules.cs</c>), the words for statuses and times (<c>.Text.cs</c>), form
/// validation and addresses (<c>.Validation.cs</c>), revisions and storage (<c>.Storage.cs</c>); the transitions are here.
/// Readers see only <see cref="GuestArticle.Published"/>; every edit goes to <see cref="GuestArticle.Latest"/>, so an
/// edit of a published article stays out of sight until someone with PublishArticles publishes it.
/// <see cref="GuestArticle.Status"/> is where the newest words stand in the workflow; whether anything is public is
/// <c>Published != null</c> alone.
/// Who may: EditAllArticles edits anything; EditOwnArticles edits articles the account created or whose author bio is
/// linked to it; only PublishArticles publishes or unpublishes; delete needs EditAllArticles, or (own articles) that the
/// article was never published, so nothing a reader may have linked to disappears without an editor.
/// Review: those whose work is reviewed (no EditAllArticles, no PublishArticles: guest authors) submit, may withdraw a
/// submission, and cannot change an article while it waits for review or is scheduled; an editor requests changes
/// (the author edits and resubmits), publishes, or schedules it for <see cref="ScheduledPublisher"/>.
/// Every change of the words keeps an <see cref="ArticleRevision"/>; a transition names the revision it acted on.
/// Each method records an audit entry and saves in one unit of work. The actor is passed in, so this runs without HTTP.
/// </remarks>
internal sealed partial class PublishingWorkflow(
    ClinicBlogDbContext db, AuditLog audit, PageCache cache, ArticleNotifications notifications, SiteBranding branding, TimeProvider clock)
{
    // Fields, not captured parameters, so that the other parts of the class (PublishingWorkflow.*.cs) can use them.
    private readonly ClinicBlogDbContext db = db;
    private readonly AuditLog audit = audit;
    private readonly PageCache cache = cache;
    private readonly ArticleNotifications notifications = notifications;
    private readonly SiteBranding branding = branding;
    private readonly TimeProvider clock = clock;

    public const int MaxReviewNoteLength = 4000;
    private const string ItemType = "article";

    /// <summary>The article with its author, for the editor; refused when this person may not even read it.</summary>
    /// <remarks>Whether they may change it now is <c>Check(actor, article, ArticleAction.Edit)</c>: the page shows it read-only if not.</remarks>
    public async Task<WorkflowResult<GuestArticle>> OpenAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound("There is no such article; it may have been deleted.");
        return Check(actor, article, ArticleAction.View) ?? WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>A new draft: nothing of it is public until it is published.</summary>
    public async Task<WorkflowResult<GuestArticle>> CreateDraftAsync(Actor actor, ArticleForm form, CancellationToken ct)
    {
        if (!CanUseEditor(actor)) return WorkflowResult<GuestArticle>.Forbidden("Your role cannot write articles.");
        var id = IdGenerator.New();
        var (version, errors) = await ValidateAsync(id, form, ct);
        await CheckAuthorAsync(actor, form.AuthorBioId, currentAuthorId: null, errors, ct);
        if (errors.Count > 0) return WorkflowResult<GuestArticle>.Invalid(errors);

        var now = Now();
        var article = new GuestArticle
        {
            ContentItemId = id,
            AuthorBioId = form.AuthorBioId!,
            OwnerUserId = actor.UserId,
            Status = ArticleStatus.Draft,
            CommentsOpen = form.CommentsOpen,
            CreatedUtc = now,
            ModifiedUtc = now,
            Latest = version!,
        };
        db.Articles.Add(article);
        await AddRevisionAsync(actor, article, "created", ct);
        audit.Record("article.create", ItemType, id, $"Created the draft “{version!.Title}”", null,
            Lines(("Title", version.Title), ("Slug", version.Slug), ("Status", Label(ArticleStatus.Draft))));
        await db.SaveChangesAsync(ct);
        await db.Entry(article).Reference(a => a.Author).LoadAsync(ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Saves the typed words as the newest version; what readers see changes only on publish.</summary>
    /// <param name="note">The revision's note when the words changed: "saved", or "autosaved" from the editor's script.</param>
    public async Task<WorkflowResult<GuestArticle>> SaveAsync(Actor actor, string id, ArticleForm form, CancellationToken ct, string note = "saved")
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Edit) is { } refused) return refused;

        var (version, errors) = await ValidateAsync(id, form, ct);
        await CheckAuthorAsync(actor, form.AuthorBioId, article.AuthorBioId, errors, ct);
        if (errors.Count > 0) return WorkflowResult<GuestArticle>.Invalid(errors);

        var before = article.Latest;
        var unchanged = SameWords(before, version!) && article.AuthorBioId == form.AuthorBioId && article.CommentsOpen == form.CommentsOpen;
        if (unchanged) return WorkflowResult<GuestArticle>.Done(article);

        // Author and comments are not versioned: they apply at once, published or not.
        var previousAuthor = article.AuthorBioId != form.AuthorBioId ? article.AuthorBioId : null;
        var wordsChanged = !SameWords(before, version!);
        if (wordsChanged) await KeepImportedVersionAsync(article, ct);
        article.Latest = version!;
        article.AuthorBioId = form.AuthorBioId!;
        article.CommentsOpen = form.CommentsOpen;
        article.ModifiedUtc = Now();
        if (wordsChanged) await AddRevisionAsync(actor, article, note, ct);
        // An autosave every few idle seconds would bury the audit trail; its revision already says who and when.
        if (note != "autosaved")
        {
            var (previous, next) = Changes(("Title", before.Title, version!.Title), ("Slug", before.Slug, version.Slug));
            audit.Record("article.save", ItemType, id, $"Saved “{version.Title}”", previous, next);
        }
        await db.SaveChangesAsync(ct);
        // Author and comments-open show at once on a published article; its words wait for publish.
        if (article.Published is not null) await InvalidateAsync(article, previousAuthor, ct);
        await db.Entry(article).Reference(a => a.Author).LoadAsync(ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Draft or ChangesRequested → PendingReview: the editors are asked (by email) to look at it. Readers see nothing new.</summary>
    public async Task<WorkflowResult<GuestArticle>> SubmitAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Submit) is { } refused) return refused;

        var status = article.Status;
        var now = Now();
        article.Status = ArticleStatus.PendingReview;
        article.SubmittedUtc = now;
        article.ModifiedUtc = now;
        await MarkRevisionAsync(actor, article, "submitted", ct);
        audit.Record("article.submit", ItemType, id, $"Submitted “{article.Latest.Title}” for review",
            Lines(("Status", Label(status))), Lines(("Status", Label(ArticleStatus.PendingReview))));
        await notifications.SubmittedAsync(article, actor, ct);
        await db.SaveChangesAsync(ct);
        notifications.Wake();
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Latest → Published. The first publish dates the article; a changed address leaves a redirect from the old one.</summary>
    public async Task<WorkflowResult<GuestArticle>> PublishAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Publish) is { } refused) return refused;
        if (await SlugConflictAsync(article, ct) is { } conflict)
            return WorkflowResult<GuestArticle>.Conflict($"{conflict} Choose another address and publish again.");

        var (previous, next) = await ApplyPublishAsync(actor, article, article.Status, "published", ct);
        audit.Record("article.publish", ItemType, id, $"Published “{article.Latest.Title}”", previous, next);
        await notifications.PublishedAsync(article, actor, ct);
        await db.SaveChangesAsync(ct);
        notifications.Wake();
        await InvalidateAsync(article, null, ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>
    /// Publishes a scheduled article that is due, for <see cref="ScheduledPublisher"/>: true when this call published it.
    /// </summary>
    /// <remarks>
    /// Exactly once, across restarts and nodes: in one transaction, a conditional update claims the row (Scheduled and
    /// due → Published); only the call whose update changed a row goes on, and the rest of the publication (the
    /// words, the audit entry, the author's email) commits with the claim or not at all. A node that dies halfway
    /// leaves the article scheduled, and the next run publishes it. Another node's claim waits for this transaction
    /// and then finds the row no longer scheduled.
    /// </remarks>
    internal async Task<bool> PublishDueAsync(string id, DateTime nowUtc, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Articles
            .Where(a => a.ContentItemId == id && a.Status == ArticleStatus.Scheduled && a.ScheduledUtc != null && a.ScheduledUtc <= nowUtc)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Published), ct);
        if (claimed == 0) return false;

        var article = (await LoadAsync(id, ct))!;
        var scheduledFor = article.ScheduledUtc!.Value;
        if (await SlugConflictAsync(article, ct) is { } conflict)
        {
            // Not published: back to the review queue, and the editors are told why.
            article.Status = ArticleStatus.PendingReview;
            article.ScheduledUtc = null;
            article.ModifiedUtc = Now();
            audit.Record("article.schedule-failed", ItemType, id, $"Could not publish “{article.Latest.Title}” as scheduled: {conflict}",
                Lines(("Status", Label(ArticleStatus.Scheduled))), Lines(("Status", Label(ArticleStatus.PendingReview))));
            await notifications.ScheduleFailedAsync(article, conflict, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            notifications.Wake();
            return false;
        }

        var (previous, next) = await ApplyPublishAsync(Actor.Site, article, ArticleStatus.Scheduled, "published as scheduled", ct);
        audit.Record("article.publish", ItemType, id, $"Published “{article.Latest.Title}” as scheduled for {scheduledFor:yyyy-MM-dd HH:mm} UTC", previous, next);
        await notifications.PublishedAsync(article, Actor.Site, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        notifications.Wake();
        await InvalidateAsync(article, null, ct);
        return true;
    }

    /// <summary>
    /// Latest → Published on the tracked article, idempotently: applied twice, it leaves what applying it once does
    /// (the first publication date is kept, a redirect is remembered once). Returns the audit's before and after.
    /// </summary>
    private async Task<(string? Previous, string? Next)> ApplyPublishAsync(
        Actor actor, GuestArticle article, ArticleStatus fromStatus, string note, CancellationToken ct)
    {
        var id = article.ContentItemId;
        var slug = article.Latest.Slug;
        var old = article.Published;
        var now = Now();
        if (old is not null && old.Slug != slug) await RememberOldSlugAsync(old.Slug, id, ct);
        // The new address may be one this or another article had before: it now leads here, not through a redirect.
        if (await db.ArticleSlugRedirects.FindAsync([slug], ct) is { } stale) db.ArticleSlugRedirects.Remove(stale);

        article.Published = article.Latest.Copy();
        article.PublishedUtc ??= now;
        article.Status = ArticleStatus.Published;
        article.ScheduledUtc = null;
        article.ModifiedUtc = now;
        await MarkRevisionAsync(actor, article, note, ct);
        return Changes(("Title", old?.Title, article.Latest.Title), ("Slug", old?.Slug, slug), ("Status", Label(fromStatus), Label(ArticleStatus.Published)));
    }

    /// <summary>Published → nothing: readers get a 404, the newest words stay as a draft.</summary>
    public async Task<WorkflowResult<GuestArticle>> UnpublishAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Unpublish) is { } refused) return refused;

        var status = article.Status;
        var slug = article.Published!.Slug;
        article.Published = null;
        article.Status = ArticleStatus.Draft;
        article.ScheduledUtc = null;
        article.ModifiedUtc = Now();
        audit.Record("article.unpublish", ItemType, id, $"Unpublished “{article.Latest.Title}”",
            Lines(("Slug", slug), ("Status", Label(status))), Lines(("Slug", "(not public)"), ("Status", Label(ArticleStatus.Draft))));
        await db.SaveChangesAsync(ct);
        await InvalidateAsync(article, null, ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>PendingReview → Draft (or back to published-with-a-draft): the author takes the submission back to edit it.</summary>
    public async Task<WorkflowResult<GuestArticle>> WithdrawAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Withdraw) is { } refused) return refused;

        var status = article.Published is null ? ArticleStatus.Draft : ArticleStatus.Published;
        article.Status = status;
        article.SubmittedUtc = null;
        article.ModifiedUtc = Now();
        audit.Record("article.withdraw", ItemType, id, $"Withdrew “{article.Latest.Title}” from review",
            Lines(("Status", Label(ArticleStatus.PendingReview))), Lines(("Status", Label(status))));
        await db.SaveChangesAsync(ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>PendingReview → ChangesRequested: the note is shown to the author in the editor and emailed to them.</summary>
    public async Task<WorkflowResult<GuestArticle>> RequestChangesAsync(Actor actor, string id, string? note, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.RequestChanges) is { } refused) return refused;
        var text = (note ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length == 0)
            return WorkflowResult<GuestArticle>.Invalid(Error(NoteField, "Please tell the author what to change."));
        if (text.Length > MaxReviewNoteLength)
            return WorkflowResult<GuestArticle>.Invalid(Error(NoteField, $"The note can be at most {MaxReviewNoteLength:N0} characters; it has {text.Length:N0}."));

        article.Status = ArticleStatus.ChangesRequested;
        article.ReviewNote = text;
        article.ModifiedUtc = Now();
        await MarkRevisionAsync(actor, article, "changes requested", ct);
        audit.Record("article.request-changes", ItemType, id, $"Requested changes to “{article.Latest.Title}”",
            Lines(("Status", Label(ArticleStatus.PendingReview))), Lines(("Status", Label(ArticleStatus.ChangesRequested)), ("Note", text)));
        await notifications.ChangesRequestedAsync(article, text, actor, ct);
        await db.SaveChangesAsync(ct);
        notifications.Wake();
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>The form field of the request-changes note and of the schedule time, for errors shown next to them.</summary>
    public const string NoteField = "ReviewNote";
    public const string ScheduleField = "ScheduleAt";

    /// <summary>
    /// → Scheduled at <paramref name="localTime"/>, typed in the site's time zone ("2025-04-08T09:30", as a
    /// datetime-local field sends it): stored in UTC, refused when it has passed. Readers see nothing until then.
    /// </summary>
    public async Task<WorkflowResult<GuestArticle>> ScheduleAsync(Actor actor, string id, string? localTime, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Schedule) is { } refused) return refused;
        var brand = await branding.GetAsync(ct);
        var now = Now();
        if (ParseScheduleTime(localTime, brand.TimeZone, now, out var utc) is { } error)
            return WorkflowResult<GuestArticle>.Invalid(Error(ScheduleField, error));
        if (await SlugConflictAsync(article, ct) is { } conflict)
            return WorkflowResult<GuestArticle>.Conflict($"{conflict} Choose another address before scheduling it.");

        var status = article.Status;
        var previousTime = article.ScheduledUtc;
        article.Status = ArticleStatus.Scheduled;
        article.ScheduledUtc = utc;
        article.ModifiedUtc = now;
        var when = ArticleNotifications.When(brand, utc);
        await MarkRevisionAsync(actor, article, $"scheduled for {brand.ToLocal(utc):yyyy-MM-dd HH:mm}", ct);
        audit.Record("article.schedule", ItemType, id, $"Scheduled “{article.Latest.Title}” for {when}",
            Lines(("Status", Label(status)), ("Publish at", previousTime is { } p ? ArticleNotifications.When(brand, p) : null)),
            Lines(("Status", Label(ArticleStatus.Scheduled)), ("Publish at", when)));
        await notifications.ScheduledAsync(article, actor, ct);
        await db.SaveChangesAsync(ct);
        notifications.Wake();
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Scheduled → PendingReview: back in the review queue, nothing published.</summary>
    public async Task<WorkflowResult<GuestArticle>> CancelScheduleAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.CancelSchedule) is { } refused) return refused;

        var brand = await branding.GetAsync(ct);
        var when = ArticleNotifications.When(brand, article.ScheduledUtc!.Value);
        var now = Now();
        article.Status = ArticleStatus.PendingReview;
        article.ScheduledUtc = null;
        article.SubmittedUtc ??= now;
        article.ModifiedUtc = now;
        audit.Record("article.unschedule", ItemType, id, $"Cancelled the scheduled publication of “{article.Latest.Title}”",
            Lines(("Status", Label(ArticleStatus.Scheduled)), ("Publish at", when)), Lines(("Status", Label(ArticleStatus.PendingReview))));
        await db.SaveChangesAsync(ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Makes an old revision the newest words again, as a new revision; what readers see changes only on publish.</summary>
    public async Task<WorkflowResult<GuestArticle>> RestoreAsync(Actor actor, string id, int number, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Edit) is { } refused) return refused;
        var revision = await db.ArticleRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.ArticleId == id && r.Number == number, ct);
        if (revision is null) return WorkflowResult<GuestArticle>.NotFound($"This article has no revision {number}.");
        if (SameWords(revision.Words, article.Latest))
            return WorkflowResult<GuestArticle>.Conflict($"Revision {number} is the same as the current words: there is nothing to restore.");
        if (await SlugOwnerAsync(revision.Words.Slug, id, ct) is { } other)
            return WorkflowResult<GuestArticle>.Conflict($"Revision {number} used the address “{revision.Words.Slug}”, which is now used by “{other}”. Restore it, then choose another address, is not possible in one step: change that article's address first, or copy the words by hand.");

        var before = article.Latest;
        await KeepImportedVersionAsync(article, ct);
        article.Latest = revision.Words.Copy();
        article.ModifiedUtc = Now();
        await AddRevisionAsync(actor, article, $"restored from revision {number}", ct);
        var (previous, next) = Changes(("Title", before.Title, article.Latest.Title), ("Slug", before.Slug, article.Latest.Slug));
        audit.Record("article.restore", ItemType, id, $"Restored revision {number} of “{article.Latest.Title}”", previous, next);
        await db.SaveChangesAsync(ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Deletes the article, its old addresses and (by the database's cascade) its comments.</summary>
    public async Task<WorkflowResult<GuestArticle>> DeleteAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Delete) is { } refused) return refused;

        var redirects = await db.ArticleSlugRedirects.Where(r => r.ContentItemId == id).ToListAsync(ct);
        db.ArticleSlugRedirects.RemoveRange(redirects);
        db.Articles.Remove(article);
        audit.Record("article.delete", ItemType, id, $"Deleted “{article.Latest.Title}”",
            Lines(("Title", article.Latest.Title), ("Slug", article.Published?.Slug ?? article.Latest.Slug), ("Status", Label(article.Status))), null);
        var wasPublic = article.Published is not null;
        await db.SaveChangesAsync(ct);
        if (wasPublic) await InvalidateAsync(article, null, ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }
}
