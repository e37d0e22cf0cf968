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

/// <summary>Who may do what to an article, and when: plain rules without a database.</summary>
internal sealed partial class PublishingWorkflow
{
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
}
