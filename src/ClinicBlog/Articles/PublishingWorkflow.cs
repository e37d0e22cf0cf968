using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;
using SlugText = ClinicBlog.Content.Slug;

namespace ClinicBlog.Articles;

/// <summary>The things one may do to an article; each is guarded by <see cref="PublishingWorkflow.Check"/>.</summary>
/// <remarks>Guest authors' review (request changes, withdraw, schedule) adds its actions here and its rules to Check.</remarks>
internal enum ArticleAction
{
    Edit,
    Submit,
    Publish,
    Unpublish,
    Delete,
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
/// Each method records an audit entry and saves in one unit of work. The actor is passed in, so this runs without HTTP.
/// </remarks>
internal sealed class PublishingWorkflow(ClinicBlogDbContext db, AuditLog audit, PageCache cache, TimeProvider clock)
{
    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 1000;
    public const int MaxTagLength = 50;
    public const int MaxImageAltLength = 300;
    public const int MaxMarkdownLength = 200_000;
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

    /// <summary>Null when <paramref name="actor"/> may do <paramref name="action"/> to the article now; otherwise why not.</summary>
    public static WorkflowResult<GuestArticle>? Check(Actor actor, GuestArticle article, ArticleAction action)
    {
        var mayEdit = actor.Can(Permissions.EditAllArticles) || (actor.Can(Permissions.EditOwnArticles) && IsOwn(actor, article));
        if (!mayEdit) return WorkflowResult<GuestArticle>.Forbidden("You can open only articles you wrote.");
        switch (action)
        {
            case ArticleAction.Edit:
                return null;
            case ArticleAction.Submit:
                if (!actor.Can(Permissions.SubmitArticles))
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot submit articles for review.");
                if (article.Status == ArticleStatus.PendingReview)
                    return WorkflowResult<GuestArticle>.Conflict("This article is already waiting for review.");
                if (article.Published is not null && !HasPendingDraft(article))
                    return WorkflowResult<GuestArticle>.Conflict("This article is published and has no changes to review.");
                return null;
            case ArticleAction.Publish:
                if (!actor.Can(Permissions.PublishArticles))
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot publish articles; submit it for review instead.");
                if (article.Published is not null && !HasPendingDraft(article) && article.Status == ArticleStatus.Published)
                    return WorkflowResult<GuestArticle>.Conflict("This article is already published and has no newer changes.");
                return null;
            case ArticleAction.Unpublish:
                if (!actor.Can(Permissions.PublishArticles))
                    return WorkflowResult<GuestArticle>.Forbidden("Your role cannot unpublish articles.");
                if (article.Published is null)
                    return WorkflowResult<GuestArticle>.Conflict("This article is not published.");
                return null;
            case ArticleAction.Delete:
                if (actor.Can(Permissions.EditAllArticles)) return null;
                if (article.Published is null && article.PublishedUtc is null) return null;
                return WorkflowResult<GuestArticle>.Forbidden("An article that has been published can be deleted only by an editor.");
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    /// <summary>The article with its author, for the editor; refused when this person may not edit it.</summary>
    public async Task<WorkflowResult<GuestArticle>> OpenAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound("There is no such article; it may have been deleted.");
        return Check(actor, article, ArticleAction.Edit) ?? WorkflowResult<GuestArticle>.Done(article);
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
        audit.Record("article.create", ItemType, id, $"Created the draft “{version!.Title}”", null,
            Lines(("Title", version.Title), ("Slug", version.Slug), ("Status", Label(ArticleStatus.Draft))));
        await db.SaveChangesAsync(ct);
        await db.Entry(article).Reference(a => a.Author).LoadAsync(ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Saves the typed words as the newest version; what readers see changes only on publish.</summary>
    public async Task<WorkflowResult<GuestArticle>> SaveAsync(Actor actor, string id, ArticleForm form, CancellationToken ct)
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
        article.Latest = version!;
        article.AuthorBioId = form.AuthorBioId!;
        article.CommentsOpen = form.CommentsOpen;
        article.ModifiedUtc = Now();
        var (previous, next) = Changes(("Title", before.Title, version!.Title), ("Slug", before.Slug, version.Slug));
        audit.Record("article.save", ItemType, id, $"Saved “{version.Title}”", previous, next);
        await db.SaveChangesAsync(ct);
        // Author and comments-open show at once on a published article; its words wait for publish.
        if (article.Published is not null) await InvalidateAsync(article, previousAuthor, ct);
        await db.Entry(article).Reference(a => a.Author).LoadAsync(ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Draft → PendingReview: an editor is asked to look at it. Readers see nothing new.</summary>
    public async Task<WorkflowResult<GuestArticle>> SubmitAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Submit) is { } refused) return refused;

        var status = article.Status;
        article.Status = ArticleStatus.PendingReview;
        article.ModifiedUtc = Now();
        audit.Record("article.submit", ItemType, id, $"Submitted “{article.Latest.Title}” for review",
            Lines(("Status", Label(status))), Lines(("Status", Label(ArticleStatus.PendingReview))));
        await db.SaveChangesAsync(ct);
        return WorkflowResult<GuestArticle>.Done(article);
    }

    /// <summary>Latest → Published. The first publish dates the article; a changed address leaves a redirect from the old one.</summary>
    public async Task<WorkflowResult<GuestArticle>> PublishAsync(Actor actor, string id, CancellationToken ct)
    {
        var article = await LoadAsync(id, ct);
        if (article is null) return WorkflowResult<GuestArticle>.NotFound();
        if (Check(actor, article, ArticleAction.Publish) is { } refused) return refused;

        var slug = article.Latest.Slug;
        if (await SlugOwnerAsync(slug, id, ct) is { } other)
            return WorkflowResult<GuestArticle>.Conflict($"The address “{slug}” is now used by “{other}”. Choose another address and publish again.");

        var old = article.Published;
        var status = article.Status;
        var now = Now();
        if (old is not null && old.Slug != slug) await RememberOldSlugAsync(old.Slug, id, ct);
        // The new address may be one this or another article had before: it now leads here, not through a redirect.
        if (await db.ArticleSlugRedirects.FindAsync([slug], ct) is { } stale) db.ArticleSlugRedirects.Remove(stale);

        article.Published = article.Latest.Copy();
        article.PublishedUtc ??= now;
        article.Status = ArticleStatus.Published;
        article.ModifiedUtc = now;
        var (previous, next) = Changes(
            ("Title", old?.Title, article.Latest.Title),
            ("Slug", old?.Slug, slug),
            ("Status", Label(status), Label(ArticleStatus.Published)));
        audit.Record("article.publish", ItemType, id, $"Published “{article.Latest.Title}”", previous, next);
        await db.SaveChangesAsync(ct);
        await InvalidateAsync(article, null, ct);
        return WorkflowResult<GuestArticle>.Done(article);
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
        article.ModifiedUtc = Now();
        audit.Record("article.unpublish", ItemType, id, $"Unpublished “{article.Latest.Title}”",
            Lines(("Slug", slug), ("Status", Label(status))), Lines(("Slug", "(not public)"), ("Status", Label(ArticleStatus.Draft))));
        await db.SaveChangesAsync(ct);
        await InvalidateAsync(article, null, ct);
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

    /// <summary>Evicts the cached public pages that show this article: its page, the lists, its author's page.</summary>
    private Task InvalidateAsync(GuestArticle article, string? previousAuthorId, CancellationToken ct) =>
        cache.InvalidateAsync(new[] { PageTags.Article(article.ContentItemId), PageTags.ArticleList, PageTags.Author(article.AuthorBioId), previousAuthorId is null ? null : PageTags.Author(previousAuthorId) }.OfType<string>(), ct);

    /// <summary>The words as the list shows them: "Published, draft pending" when a newer edit waits.</summary>
    public static string Label(ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => "Draft",
        ArticleStatus.PendingReview => "Pending review",
        ArticleStatus.Published => "Published",
        _ => status.ToString(),
    };

    public static string Label(GuestArticle article) => Label(article.Status, article.Published is not null, HasPendingDraft(article));

    public static string Label(ArticleStatus status, bool isPublic, bool hasPendingDraft) => (isPublic, status) switch
    {
        (true, ArticleStatus.PendingReview) => "Published, edit pending review",
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
        else if (title.Length > MaxTitleLength) errors[nameof(ArticleForm.Title)] = $"The title can be at most {MaxTitleLength} characters; it has {title.Length}.";

        var summary = Clean(form.Summary);
        if (summary.Length > MaxSummaryLength)
            errors[nameof(ArticleForm.Summary)] = $"The summary can be at most {MaxSummaryLength} characters; it has {summary.Length}.";

        var tags = (form.Tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tags.FirstOrDefault(t => t.Length > MaxTagLength) is { } longTag)
            errors[nameof(ArticleForm.Tags)] = $"Each tag can be at most {MaxTagLength} characters; “{longTag[..20]}…” is longer. Separate tags with commas.";

        var imageUrl = Clean(form.ImageUrl);
        var imageAlt = Clean(form.ImageAlt);
        if (imageUrl.Length > 0 && !WebAddress.IsValid(imageUrl))
            errors[nameof(ArticleForm.ImageUrl)] = "The image address must be a full web address starting with https:// (or http://).";
        if (imageUrl.Length > 0 && imageAlt.Length == 0)
            errors[nameof(ArticleForm.ImageAlt)] = "Please describe the image for readers who cannot see it.";
        else if (imageAlt.Length > MaxImageAltLength)
            errors[nameof(ArticleForm.ImageAlt)] = $"The image description can be at most {MaxImageAltLength} characters.";

        var markdown = (form.Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (markdown.Length > MaxMarkdownLength)
            errors[nameof(ArticleForm.Markdown)] = $"The body can be at most {MaxMarkdownLength:N0} characters; it has {markdown.Length:N0}.";

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

    private static bool SameWords(ArticleVersion a, ArticleVersion b) =>
        a.Title == b.Title && a.Slug == b.Slug && a.Summary == b.Summary && a.Markdown == b.Markdown && a.Tags == b.Tags
        && a.ImageUrl == b.ImageUrl && a.ImageAlt == b.ImageAlt;

    private static string Suggest(string typed, string title) =>
        SlugText.From(typed) is { Length: > 0 } fromTyped ? fromTyped : SlugText.From(title) is { Length: > 0 } fromTitle ? fromTitle : "my-article";

    private static string Clean(string? text) => (text ?? "").Trim();

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Lines(params (string Name, string? Value)[] fields) =>
        string.Join("\n", fields.Select(f => $"{f.Name}: {f.Value ?? "(none)"}"));

    /// <summary>Only the fields that changed, before and after, for the audit trail.</summary>
    private static (string? Previous, string? Next) Changes(params (string Name, string? Before, string? After)[] fields)
    {
        var changed = fields.Where(f => f.Before != f.After).ToArray();
        if (changed.Length == 0) return (null, null);
        return (Lines([.. changed.Select(f => (f.Name, f.Before))]), Lines([.. changed.Select(f => (f.Name, f.After))]));
    }
}
