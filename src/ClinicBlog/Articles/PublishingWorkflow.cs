using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using System.Globalization;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.EntityFrameworkCore;
using SlugText = ClinicBlog.Content.Slug;

namespace ClinicBlog.Articles;

/// <summary>The things one may do to an article; each is guarded by <see cref="PublishingWorkflow.Check"/>.</summary>
internal enum ArticleAction
{
    Edit,
    Submit,
    Publish,
    Unpublish,
    Delete,

    /// <summary>Open it to read, with its history and diffs, without changing anything.</summary>
    View,

    /// <summary>PendingReview → Draft: the author takes a submission back to edit it.</summary>
    Withdraw,

    /// <summary>PendingReview → ChangesRequested, with a note to the author.</summary>
    RequestChanges,

    /// <summary>→ Scheduled: published by <see cref="ScheduledPublisher"/> at a future time.</summary>
    Schedule,

    /// <summary>Scheduled → PendingReview.</summary>
    CancelSchedule,
}

/// <summary>An article's life: draft, edits, review, publish, unpublish, delete. Every transition guards itself.</summary>
/// <remarks>
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
internal sealed class PublishingWorkflow(
    ClinicBlogDbContext db, AuditLog audit, PageCache cache, ArticleNotifications notifications, SiteBranding branding, TimeProvider clock)
{
    public const int MaxReviewNoteLength = 4000;
    private const string ItemType = "article";

    /// <summary>May this person open the article list and editor at all?</summary>
    public static bool CanUseEditor(Actor actor) =>
        actor.Can(Permissions.EditAllArticles) || actor.Can(Permissions.EditOwnArticles);

    /// <summary>Created by this account, or written under a bio linked to it. <see cref="GuestArticle.Author"/> must be loaded.</summary>
    public static bool IsOwn(Actor actor, GuestArticle article) =>
        actor.UserId is { Length: > 0 } id && (article.OwnerUserId == id || article.Author?.UserId == id);

    /// <summary>The newer words of a published article differ from what readers see.</summary>
    public static bool HasPendingDraft(GuestArticle article) =>
        article.Published is { } published && !SameWords(article.Latest, published);

    /// <summary>Those whose articles an editor reviews: they may not change one while it waits for review or is scheduled.</summary>
    public static bool IsReviewed(Actor actor) => !actor.Can(Permissions.EditAllArticles) && !actor.Can(Permissions.PublishArticles);

    /// <summary>Null when <paramref name="actor"/> may do <paramref name="action"/> to the article now; otherwise why not.</summary>
    public static WorkflowResult<GuestArticle>? Check(Actor actor, GuestArticle article, ArticleAction action)
    {
        var mayOpen = actor.Can(Permissions.EditAllArticles) || (actor.Can(Permissions.EditOwnArticles) && IsOwn(actor, article));
        if (!mayOpen) return WorkflowResult<GuestArticle>.Forbidden("You can open only articles you wrote.");
        var reviewed = IsReviewed(actor);
        var mayPublish = actor.Can(Permissions.PublishArticles);
        switch (action)
        {
            case ArticleAction.View:
                return null;
            case ArticleAction.Edit:
                if (reviewed && article.Status == ArticleStatus.PendingReview)
                    return WorkflowResult<GuestArticle>.Forbidden("This article is waiting for review, so it cannot be changed now. Withdraw the submission to edit it again.");
                if (reviewed && article.Status == ArticleStatus.Scheduled)
                    return WorkflowResult<GuestArticle>.Forbidden("This article is scheduled for publication, so it cannot be changed now. Ask an editor if something must change.");
                return null;
            case ArticleAction.Submit:
                if (!actor.Can(Permissions.SubmitArticles))
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot submit articles for review.");
                if (article.Status == ArticleStatus.PendingReview)
                    return WorkflowResult<GuestArticle>.Conflict("This article is already waiting for review.");
                if (article.Status == ArticleStatus.Scheduled)
                    return WorkflowResult<GuestArticle>.Conflict("This article is already scheduled for publication.");
                if (article.Published is not null && !HasPendingDraft(article))
                    return WorkflowResult<GuestArticle>.Conflict("This article is published and has no changes to review.");
                return null;
            case ArticleAction.Withdraw:
                if (!actor.Can(Permissions.SubmitArticles) && !actor.Can(Permissions.EditAllArticles))
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot withdraw submissions.");
                if (article.Status != ArticleStatus.PendingReview)
                    return WorkflowResult<GuestArticle>.Conflict("This article is not waiting for review, so there is nothing to withdraw.");
                return null;
            case ArticleAction.RequestChanges:
                if (!mayPublish)
                    return WorkflowResult<GuestArticle>.Forbidden("Only those who publish articles can request changes.");
                if (article.Status != ArticleStatus.PendingReview)
                    return WorkflowResult<GuestArticle>.Conflict("Changes can be requested only of an article that is waiting for review.");
                return null;
            case ArticleAction.Publish:
                if (!mayPublish)
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot publish articles; submit it for review instead.");
                if (article.Published is not null && !HasPendingDraft(article) && article.Status == ArticleStatus.Published)
                    return WorkflowResult<GuestArticle>.Conflict("This article is already published and has no newer changes.");
                return null;
            case ArticleAction.Schedule:
                if (!mayPublish)
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot schedule publication; submit it for review instead.");
                if (article.Published is not null && !HasPendingDraft(article))
                    return WorkflowResult<GuestArticle>.Conflict("This article is already published and has no newer changes to schedule.");
                return null;
            case ArticleAction.CancelSchedule:
                if (!mayPublish)
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot change a publication schedule.");
                if (article.Status != ArticleStatus.Scheduled)
                    return WorkflowResult<GuestArticle>.Conflict("This article is not scheduled.");
                return null;
            case ArticleAction.Unpublish:
                if (!mayPublish)
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot unpublish articles.");
                if (article.Published is null)
                    return WorkflowResult<GuestArticle>.Conflict("This article is not published.");
                return null;
            case ArticleAction.Delete:
                if (actor.Can(Permissions.EditAllArticles)) return null;
                if (reviewed && article.Status == ArticleStatus.Scheduled)
                    return WorkflowResult<GuestArticle>.Forbidden("A scheduled article can be deleted only by an editor.");
                if (article.Published is null && article.PublishedUtc is null) return null;
                return WorkflowResult<GuestArticle>.Forbidden("An article that has been published can be deleted only by an editor.");
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

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

    /// <summary>
    /// Reads a time typed in the site's zone and gives it in UTC; null when it is acceptable, else why not in plain
    /// words. Accepts what a datetime-local field sends ("2025-04-08T09:30") and what a person types where the browser
    /// shows a plain text box ("2025-04-08 09:30").
    /// </summary>
    public static string? ParseScheduleTime(string? input, TimeZoneInfo zone, DateTime nowUtc, out DateTime utc)
    {
        utc = default;
        var text = (input ?? "").Trim();
        if (text.Length == 0) return "Please choose the date and time to publish it.";
        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];
        if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return "Please write the date and time as year-month-day and hours:minutes, for example 2025-04-08 09:30.";
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            return $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks move forward then. Please choose another time.";
        utc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
        if (utc <= nowUtc)
        {
            var localNow = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);
            return $"That time has passed: it is now {localNow:yyyy-MM-dd HH:mm} in {zone.Id}. Choose a later time, or publish now.";
        }

        return null;
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

    /// <summary>Evicts the cached public pages that show this article: its page, the lists, its author's page.</summary>
    private Task InvalidateAsync(GuestArticle article, string? previousAuthorId, CancellationToken ct) =>
        cache.InvalidateAsync(new[] { PageTags.Article(article.ContentItemId), PageTags.ArticleList, PageTags.Author(article.AuthorBioId), previousAuthorId is null ? null : PageTags.Author(previousAuthorId) }.OfType<string>(), ct);

    /// <summary>The words as the list shows them: "Published, draft pending" when a newer edit waits.</summary>
    public static string Label(ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => "Draft",
        ArticleStatus.PendingReview => "Pending review",
        ArticleStatus.Published => "Published",
        ArticleStatus.ChangesRequested => "Changes requested",
        ArticleStatus.Scheduled => "Scheduled",
        _ => status.ToString(),
    };

    public static string Label(GuestArticle article) => Label(article.Status, article.Published is not null, HasPendingDraft(article));

    public static string Label(ArticleStatus status, bool isPublic, bool hasPendingDraft) => (isPublic, status) switch
    {
        (true, ArticleStatus.PendingReview) => "Published, edit pending review",
        (true, ArticleStatus.ChangesRequested) => "Published, changes requested",
        (true, ArticleStatus.Scheduled) => "Published, edit scheduled",
        (true, _) when hasPendingDraft => "Published, draft pending",
        (true, _) => "Published",
        _ => Label(status),
    };

    /// <summary>Checks and normalizes the form; the errors are keyed by <see cref="ArticleForm"/>'s property names.</summary>
    private async Task<(ArticleVersion? Version, Dictionary<string, string> Errors)> ValidateAsync(string id, ArticleForm form, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var title = Clean(form.Title);
        if (title.Length == 0) errors[nameof(ArticleForm.Title)] = "Please give the article a title.";
        else if (title.Length > ContentLimits.Article.Title) errors[nameof(ArticleForm.Title)] = $"The title can be at most {ContentLimits.Article.Title} characters; it has {title.Length}.";

        var summary = Clean(form.Summary);
        if (summary.Length > ContentLimits.Article.Summary)
            errors[nameof(ArticleForm.Summary)] = $"The summary can be at most {ContentLimits.Article.Summary} characters; it has {summary.Length}.";

        var tags = (form.Tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tags.FirstOrDefault(t => t.Length > ContentLimits.Article.Tag) is { } longTag)
            errors[nameof(ArticleForm.Tags)] = $"Each tag can be at most {ContentLimits.Article.Tag} characters; “{longTag[..20]}…” is longer. Separate tags with commas.";

        var imageUrl = Clean(form.ImageUrl);
        var imageAlt = Clean(form.ImageAlt);
        if (imageUrl.Length > 0 && !WebAddress.IsValid(imageUrl))
            errors[nameof(ArticleForm.ImageUrl)] = "The image address must be a full web address starting with https:// (or http://).";
        if (imageUrl.Length > 0 && imageAlt.Length == 0)
            errors[nameof(ArticleForm.ImageAlt)] = "Please describe the image for readers who cannot see it.";
        else if (imageAlt.Length > ContentLimits.Article.ImageAlt)
            errors[nameof(ArticleForm.ImageAlt)] = $"The image description can be at most {ContentLimits.Article.ImageAlt} characters.";

        var markdown = (form.Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (markdown.Length > ContentLimits.Article.Markdown)
            errors[nameof(ArticleForm.Markdown)] = $"The body can be at most {ContentLimits.Article.Markdown:N0} characters; it has {markdown.Length:N0}.";

        var slug = (form.Slug ?? "").Trim();
        if (slug.Length == 0)
        {
            var fromTitle = SlugText.From(title);
            if (fromTitle.Length > 0)
            {
                var taken = await TakenSlugsAsync(id, ct);
                slug = SlugText.Unique(fromTitle, taken.Contains);
            }
            else if (title.Length > 0)
            {
                errors[nameof(ArticleForm.Slug)] = "Please type an address: the title has no letters or digits to make one from.";
            }
        }
        else if (!SlugText.IsValid(slug))
        {
            errors[nameof(ArticleForm.Slug)] =
                $"The address may use only lowercase letters a–z, digits and single hyphens between them (at most {SlugText.MaxLength} characters), such as “{Suggest(slug, title)}”.";
        }
        else if (await SlugOwnerAsync(slug, id, ct) is { } other)
        {
            errors[nameof(ArticleForm.Slug)] = $"The address “{slug}” is already used by “{other}”. Please choose another.";
        }

        if (errors.Count > 0) return (null, errors);
        return (new ArticleVersion
        {
            Title = title,
            Slug = slug,
            Summary = summary,
            Markdown = markdown,
            Tags = ArticleVersion.JoinTags(tags),
            ImageUrl = imageUrl,
            ImageAlt = imageUrl.Length == 0 ? "" : imageAlt,
        }, errors);
    }

    /// <summary>The author must exist; a person who edits only their own articles writes only as a bio linked to them.</summary>
    private async Task CheckAuthorAsync(Actor actor, string? authorId, string? currentAuthorId, Dictionary<string, string> errors, CancellationToken ct)
    {
        const string field = nameof(ArticleForm.AuthorBioId);
        if (string.IsNullOrEmpty(authorId))
        {
            errors[field] = "Please choose the author.";
            return;
        }

        var author = await db.Authors.AsNoTracking().Where(a => a.ContentItemId == authorId).Select(a => new { a.UserId }).FirstOrDefaultAsync(ct);
        if (author is null)
        {
            errors[field] = "That author no longer exists; please choose another.";
            return;
        }

        if (!actor.Can(Permissions.EditAllArticles) && authorId != currentAuthorId && author.UserId != actor.UserId)
            errors[field] = "You can write only as your own author bio. If it is missing, ask an editor to link one to your account.";
    }

    /// <summary>Why the newest address cannot be published now (another article took it meanwhile), or null.</summary>
    private async Task<string?> SlugConflictAsync(GuestArticle article, CancellationToken ct) =>
        await SlugOwnerAsync(article.Latest.Slug, article.ContentItemId, ct) is { } other
            ? $"The address “{article.Latest.Slug}” is now used by “{other}”."
            : null;

    /// <summary>The revisions this unit of work added, by article: a transition names the one its save just made.</summary>
    private readonly Dictionary<string, ArticleRevision> revisionsMadeHere = new(StringComparer.Ordinal);

    /// <summary>Keeps <see cref="GuestArticle.Latest"/> as a new revision with <paramref name="note"/>, in this unit of work.</summary>
    private async Task AddRevisionAsync(Actor actor, GuestArticle article, string note, CancellationToken ct)
    {
        var revision = new ArticleRevision
        {
            ArticleId = article.ContentItemId,
            Number = await NextRevisionNumberAsync(article.ContentItemId, ct),
            Words = article.Latest.Copy(),
            CreatedUtc = Now(),
            UserId = actor.UserId,
            UserName = Truncate(await ActorNameAsync(actor, ct), 100),
            Note = Truncate(note, ArticleRevision.MaxNoteLength),
        };
        db.ArticleRevisions.Add(revision);
        revisionsMadeHere[article.ContentItemId] = revision;
    }

    /// <summary>
    /// A transition (submitted, published…) names the revision it acted on: the one the same request's save just
    /// made ("Submit" saves, then submits: one revision), or else a new one of the words as they stand.
    /// </summary>
    private async Task MarkRevisionAsync(Actor actor, GuestArticle article, string note, CancellationToken ct)
    {
        if (revisionsMadeHere.TryGetValue(article.ContentItemId, out var made) && SameWords(made.Words, article.Latest))
        {
            made.Note = Truncate(made.Note is "saved" or "autosaved" ? note : $"{made.Note}, {note}", ArticleRevision.MaxNoteLength);
            return;
        }

        // Words unchanged here: one revision, even for an imported article that has none yet.
        await AddRevisionAsync(actor, article, note, ct);
    }

    /// <summary>
    /// An article that came from a recipe has no revisions: before its first change here, its words as they were
    /// become revision 1, so they can be compared with and restored.
    /// </summary>
    private async Task KeepImportedVersionAsync(GuestArticle article, CancellationToken ct)
    {
        if (revisionsMadeHere.ContainsKey(article.ContentItemId)) return;
        if (await db.ArticleRevisions.AnyAsync(r => r.ArticleId == article.ContentItemId, ct)) return;
        var revision = new ArticleRevision
        {
            ArticleId = article.ContentItemId,
            Number = 1,
            Words = article.Latest.Copy(),
            CreatedUtc = article.ModifiedUtc,
            UserName = "",
            Note = "as imported",
        };
        db.ArticleRevisions.Add(revision);
        revisionsMadeHere[article.ContentItemId] = revision;
    }

    private async Task<int> NextRevisionNumberAsync(string articleId, CancellationToken ct)
    {
        var stored = await db.ArticleRevisions.Where(r => r.ArticleId == articleId).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        var added = db.ChangeTracker.Entries<ArticleRevision>()
            .Where(e => e.State == EntityState.Added && e.Entity.ArticleId == articleId).Select(e => e.Entity.Number).DefaultIfEmpty(0).Max();
        return Math.Max(stored, added) + 1;
    }

    private async Task<string> ActorNameAsync(Actor actor, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(actor.Name)) return actor.Name;
        if (actor.UserId is null) return "";
        return await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId)
            .Select(u => u.DisplayName == "" ? u.UserName : u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static Dictionary<string, string> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = message };

    private Task<GuestArticle?> LoadAsync(string id, CancellationToken ct) =>
        db.Articles.Include(a => a.Author).FirstOrDefaultAsync(a => a.ContentItemId == id, ct);

    /// <summary>The title of another article that uses <paramref name="slug"/> as its published or newest address.</summary>
    private Task<string?> SlugOwnerAsync(string slug, string id, CancellationToken ct) =>
        db.Articles.AsNoTracking()
            .Where(a => a.ContentItemId != id && (a.Latest.Slug == slug || (a.Published != null && a.Published.Slug == slug)))
            .Select(a => a.Latest.Title).FirstOrDefaultAsync(ct);

    private async Task<HashSet<string>> TakenSlugsAsync(string id, CancellationToken ct)
    {
        var others = await db.Articles.AsNoTracking().Where(a => a.ContentItemId != id)
            .Select(a => new { Latest = a.Latest.Slug, Published = a.Published == null ? null : a.Published.Slug }).ToListAsync(ct);
        return others.SelectMany(a => new[] { a.Latest, a.Published }).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    private async Task RememberOldSlugAsync(string oldSlug, string id, CancellationToken ct)
    {
        var redirect = await db.ArticleSlugRedirects.FindAsync([oldSlug], ct);
        if (redirect is null) db.ArticleSlugRedirects.Add(new ArticleSlugRedirect { OldSlug = oldSlug, ContentItemId = id });
        else redirect.ContentItemId = id;
    }

    internal static bool SameWords(ArticleVersion a, ArticleVersion b) =>
        a.Title == b.Title && a.Slug == b.Slug && a.Summary == b.Summary && a.Markdown == b.Markdown && a.Tags == b.Tags
        && a.ImageUrl == b.ImageUrl && a.ImageAlt == b.ImageAlt;

    private static string Suggest(string typed, string title) =>
        SlugText.From(typed) is { Length: > 0 } fromTyped ? fromTyped : SlugText.From(title) is { Length: > 0 } fromTitle ? fromTitle : "my-article";

    private static string Clean(string? text) => (text ?? "").Trim();

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Lines(params (string Name, string? Value)[] fields) =>
        string.Join("\n", fields.Select(f => $"{f.Name}: {f.Value ?? "(none)"}"));

    /// <summary>Only the fields that changed, before and after, for the audit trail.</summary>
    /// <remarks>A field that had no value before (a first publish has no published title or address) is left out of
    /// "before" rather than shown as "(none)"; "before" is null when no field had one.</remarks>
    private static (string? Previous, string? Next) Changes(params (string Name, string? Before, string? After)[] fields)
    {
        var changed = fields.Where(f => f.Before != f.After).ToArray();
        if (changed.Length == 0) return (null, null);
        var had = changed.Where(f => f.Before is not null).Select(f => (f.Name, f.Before)).ToArray();
        return (had.Length == 0 ? null : Lines(had), Lines([.. changed.Select(f => (f.Name, f.After))]));
    }
}
