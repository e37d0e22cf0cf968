using System.ComponentModel.DataAnnotations;
using ClinicBlog.Articles;
using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using ClinicBlog.Data;
using ClinicBlog.Privacy;
using Microsoft.EntityFrameworkCore;
using SlugText = ClinicBlog.Content.Slug;

namespace ClinicBlog.Authors.Admin;

/// <summary>What one may do to an author bio.</summary>
internal enum AuthorAction
{
    Edit,
    Link,
    Delete,
}

/// <summary>Author bios: create, edit, link to an account, delete. Plain rules with the actor passed in; each change audited.</summary>
/// <remarks>
/// The notification email is stored only encrypted (<see cref="EmailProtector"/>) and is never part of a public view;
/// the audit trail keeps it in the encrypted details, not in the summary. An account is linked to at most one bio, so
/// "their bio" means one thing for a guest author.
/// </remarks>
internal sealed class AuthorBioEditor(ClinicBlogDbContext db, AuditLog audit, EmailProtector emails, PageCache cache, TimeProvider clock)
{
    private const string ItemType = "author";

    /// <summary>Null when allowed: ManageAuthors does anything; EditOwnBio edits the one bio linked to the account.</summary>
    /// <remarks>Who a bio belongs to (the link), its address and its notification email stay with those who manage authors.</remarks>
    public static WorkflowResult<AuthorBio>? Check(Actor actor, AuthorBio bio, AuthorAction action)
    {
        if (action == AuthorAction.Edit && IsOwn(actor, bio) && actor.Can(Permissions.EditOwnBio)) return null;
        if (!actor.Can(Permissions.ManageAuthors))
        {
            return WorkflowResult<AuthorBio>.Forbidden(action switch
            {
                AuthorAction.Link => "Only those who manage authors can link a bio to an account.",
                AuthorAction.Delete => "Only those who manage authors can delete a bio.",
                _ => "Only those who manage authors can edit bios.",
            });
        }

        return null;
    }

    /// <summary>The bio is linked to this account.</summary>
    public static bool IsOwn(Actor actor, AuthorBio bio) => actor.UserId is { Length: > 0 } id && bio.UserId == id;

    /// <summary>The bio linked to this account, if any (an account is linked to at most one).</summary>
    public Task<AuthorBio?> OwnBioAsync(Actor actor, CancellationToken ct) =>
        actor.UserId is { Length: > 0 } id ? db.Authors.FirstOrDefaultAsync(a => a.UserId == id, ct) : Task.FromResult<AuthorBio?>(null);

    public async Task<WorkflowResult<AuthorBio>> OpenAsync(Actor actor, string id, CancellationToken ct)
    {
        var bio = await db.Authors.FirstOrDefaultAsync(a => a.ContentItemId == id, ct);
        if (bio is null) return WorkflowResult<AuthorBio>.NotFound("There is no such author; the bio may have been deleted.");
        return Check(actor, bio, AuthorAction.Edit) ?? WorkflowResult<AuthorBio>.Done(bio);
    }

    /// <summary>The notification email in clear, for the form of someone who manages authors.</summary>
    public string? NotificationEmail(Actor actor, AuthorBio bio) =>
        actor.Can(Permissions.ManageAuthors) && bio.ProtectedNotificationEmail is { } protectedEmail ? emails.Unprotect(protectedEmail) : null;

    public async Task<WorkflowResult<AuthorBio>> CreateAsync(Actor actor, AuthorForm form, CancellationToken ct)
    {
        if (!actor.Can(Permissions.ManageAuthors)) return WorkflowResult<AuthorBio>.Forbidden("Only those who manage authors can add one.");
        var id = IdGenerator.New();
        var errors = await ValidateAsync(id, form, ct);
        if (errors.Count > 0) return WorkflowResult<AuthorBio>.Invalid(errors);

        var now = Now();
        var bio = new AuthorBio { ContentItemId = id, CreatedUtc = now };
        Apply(bio, form, await SlugAsync(id, form, ct));
        bio.ProtectedNotificationEmail = string.IsNullOrWhiteSpace(form.NotificationEmail) ? null : emails.Protect(form.NotificationEmail);
        bio.ModifiedUtc = now;
        db.Authors.Add(bio);
        audit.Record("author.create", ItemType, id, $"Added the author “{bio.DisplayName}”", null,
            Lines(("Name", bio.DisplayName), ("Slug", bio.Slug)),
            bio.ProtectedNotificationEmail is null ? null : $"Notification email: {EmailProtector.Normalize(form.NotificationEmail!)}");
        await db.SaveChangesAsync(ct);
        return WorkflowResult<AuthorBio>.Done(bio);
    }

    public async Task<WorkflowResult<AuthorBio>> SaveAsync(Actor actor, string id, AuthorForm form, CancellationToken ct)
    {
        var bio = await db.Authors.FirstOrDefaultAsync(a => a.ContentItemId == id, ct);
        if (bio is null) return WorkflowResult<AuthorBio>.NotFound();
        if (Check(actor, bio, AuthorAction.Edit) is { } refused) return refused;
        var oldEmail = bio.ProtectedNotificationEmail is { } p ? emails.Unprotect(p) : null;
        // An author editing their own bio changes its words, not its address or where notifications go.
        if (!actor.Can(Permissions.ManageAuthors)) form = form.Keeping(bio.Slug, oldEmail);
        var errors = await ValidateAsync(id, form, ct);
        if (errors.Count > 0) return WorkflowResult<AuthorBio>.Invalid(errors);

        var before = (bio.DisplayName, bio.Slug, bio.Credentials, bio.Headline, bio.BioMarkdown, bio.WebsiteUrl, bio.WebsiteText, bio.PhotoUrl);
        var newEmail = string.IsNullOrWhiteSpace(form.NotificationEmail) ? null : EmailProtector.Normalize(form.NotificationEmail);
        Apply(bio, form, await SlugAsync(id, form, ct));
        // Encrypted anew only when it changed: the same address protected twice is two different strings.
        if (oldEmail != newEmail) bio.ProtectedNotificationEmail = newEmail is null ? null : emails.Protect(newEmail);
        var after = (bio.DisplayName, bio.Slug, bio.Credentials, bio.Headline, bio.BioMarkdown, bio.WebsiteUrl, bio.WebsiteText, bio.PhotoUrl);
        if (before == after && oldEmail == newEmail) return WorkflowResult<AuthorBio>.Done(bio);

        bio.ModifiedUtc = Now();
        var (previous, next) = Changes(("Name", before.DisplayName, bio.DisplayName), ("Slug", before.Slug, bio.Slug),
            ("Credentials", before.Credentials, bio.Credentials), ("Headline", before.Headline, bio.Headline),
            ("Website", before.WebsiteUrl, bio.WebsiteUrl), ("Photo", before.PhotoUrl, bio.PhotoUrl));
        var summary = $"Saved the bio of “{bio.DisplayName}”" + (oldEmail != newEmail ? " (notification email changed)" : "");
        audit.Record("author.save", ItemType, id, summary, previous, next,
            oldEmail != newEmail ? $"Notification email: {oldEmail ?? "(none)"} → {newEmail ?? "(none)"}" : null);
        await db.SaveChangesAsync(ct);
        // The byline and the bio box show on the author's page, their articles and the lists.
        await cache.InvalidateAsync([PageTags.Author(id), PageTags.ArticleList], ct);
        return WorkflowResult<AuthorBio>.Done(bio);
    }

    /// <summary>Links the bio to an account (or unlinks it with null): that account may then edit its articles.</summary>
    public async Task<WorkflowResult<AuthorBio>> LinkAsync(Actor actor, string id, string? userId, CancellationToken ct)
    {
        var bio = await db.Authors.FirstOrDefaultAsync(a => a.ContentItemId == id, ct);
        if (bio is null) return WorkflowResult<AuthorBio>.NotFound();
        if (Check(actor, bio, AuthorAction.Link) is { } refused) return refused;
        userId = string.IsNullOrEmpty(userId) ? null : userId;
        if (bio.UserId == userId) return WorkflowResult<AuthorBio>.Done(bio);

        string? newName = null;
        if (userId is not null)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.UserName }).FirstOrDefaultAsync(ct);
            if (user is null) return WorkflowResult<AuthorBio>.Invalid(Error(nameof(AuthorForm.UserId), "That account no longer exists; please choose another."));
            var other = await db.Authors.AsNoTracking().Where(a => a.UserId == userId && a.ContentItemId != id).Select(a => a.DisplayName).FirstOrDefaultAsync(ct);
            if (other is not null)
                return WorkflowResult<AuthorBio>.Invalid(Error(nameof(AuthorForm.UserId), $"That account is already linked to the bio of “{other}”. Unlink it there first."));
            newName = AccountName(user.DisplayName, user.UserName);
        }

        var oldName = bio.UserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == bio.UserId)
            .Select(u => u.DisplayName == "" ? u.UserName : u.DisplayName + " (" + u.UserName + ")").FirstOrDefaultAsync(ct);
        bio.UserId = userId;
        bio.ModifiedUtc = Now();
        audit.Record("author.link", ItemType, id,
            userId is null ? $"Unlinked the bio of “{bio.DisplayName}” from its account" : $"Linked the bio of “{bio.DisplayName}” to {newName}",
            oldName ?? "(no account)", newName ?? "(no account)");
        await db.SaveChangesAsync(ct);
        return WorkflowResult<AuthorBio>.Done(bio);
    }

    /// <summary>Only a bio with no articles: an article always has an author.</summary>
    public async Task<WorkflowResult<AuthorBio>> DeleteAsync(Actor actor, string id, CancellationToken ct)
    {
        var bio = await db.Authors.FirstOrDefaultAsync(a => a.ContentItemId == id, ct);
        if (bio is null) return WorkflowResult<AuthorBio>.NotFound();
        if (Check(actor, bio, AuthorAction.Delete) is { } refused) return refused;
        var articles = await db.Articles.CountAsync(a => a.AuthorBioId == id, ct);
        if (articles > 0)
        {
            return WorkflowResult<AuthorBio>.Conflict(
                $"“{bio.DisplayName}” cannot be deleted: {articles} {(articles == 1 ? "article names" : "articles name")} them as author. Give {(articles == 1 ? "it" : "them")} another author or delete {(articles == 1 ? "it" : "them")} first.");
        }

        db.Authors.Remove(bio);
        audit.Record("author.delete", ItemType, id, $"Deleted the author “{bio.DisplayName}”", Lines(("Name", bio.DisplayName), ("Slug", bio.Slug)), null);
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync([PageTags.Author(id)], ct);
        return WorkflowResult<AuthorBio>.Done(bio);
    }

    public static string AccountName(string displayName, string? userName) =>
        string.IsNullOrWhiteSpace(displayName) ? userName ?? "" : $"{displayName} ({userName})";

    private void Apply(AuthorBio bio, AuthorForm form, string slug)
    {
        bio.DisplayName = Clean(form.DisplayName);
        bio.Slug = slug;
        bio.Credentials = Clean(form.Credentials);
        bio.Headline = Clean(form.Headline);
        bio.BioMarkdown = (form.BioMarkdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        bio.WebsiteUrl = Clean(form.WebsiteUrl);
        bio.WebsiteText = bio.WebsiteUrl.Length == 0 ? "" : Clean(form.WebsiteText);
        bio.PhotoUrl = Clean(form.PhotoUrl);
    }

    private async Task<Dictionary<string, string>> ValidateAsync(string id, AuthorForm form, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = Clean(form.DisplayName);
        if (name.Length == 0) errors[nameof(AuthorForm.DisplayName)] = "Please give the author's name.";
        else if (name.Length > ContentLimits.Author.Name) errors[nameof(AuthorForm.DisplayName)] = $"The name can be at most {ContentLimits.Author.Name} characters.";
        if (Clean(form.Credentials).Length > ContentLimits.Author.Credentials)
            errors[nameof(AuthorForm.Credentials)] = $"Credentials can be at most {ContentLimits.Author.Credentials} characters, such as “PT, DPT”.";
        if (Clean(form.Headline).Length > ContentLimits.Author.Headline)
            errors[nameof(AuthorForm.Headline)] = $"The headline can be at most {ContentLimits.Author.Headline} characters.";
        if ((form.BioMarkdown ?? "").Length > ContentLimits.Author.Bio)
            errors[nameof(AuthorForm.BioMarkdown)] = $"The bio can be at most {ContentLimits.Author.Bio:N0} characters.";
        if (Clean(form.WebsiteUrl) is { Length: > 0 } website && !WebAddress.IsValid(website))
            errors[nameof(AuthorForm.WebsiteUrl)] = "The website must be a full web address starting with https:// (or http://).";
        if (Clean(form.PhotoUrl) is { Length: > 0 } photo && !WebAddress.IsValid(photo))
            errors[nameof(AuthorForm.PhotoUrl)] = "The photo address must be a full web address starting with https:// (or http://).";
        if (Clean(form.NotificationEmail) is { Length: > 0 } email && (email.Length > 254 || !new EmailAddressAttribute().IsValid(email) || !email.Contains('.', StringComparison.Ordinal)))
            errors[nameof(AuthorForm.NotificationEmail)] = "That does not look like an email address, such as name@example.com.";

        var slug = (form.Slug ?? "").Trim();
        if (slug.Length == 0)
        {
            if (name.Length > 0 && SlugText.From(name).Length == 0)
                errors[nameof(AuthorForm.Slug)] = "Please type an address: the name has no letters or digits to make one from.";
        }
        else if (!SlugText.IsValid(slug))
        {
            errors[nameof(AuthorForm.Slug)] =
                $"The address may use only lowercase letters a–z, digits and single hyphens between them, such as “{(SlugText.From(slug) is { Length: > 0 } s ? s : SlugText.From(name) is { Length: > 0 } n ? n : "jane-doe")}”.";
        }
        else if (await db.Authors.AsNoTracking().Where(a => a.Slug == slug && a.ContentItemId != id).Select(a => a.DisplayName).FirstOrDefaultAsync(ct) is { } other)
        {
            errors[nameof(AuthorForm.Slug)] = $"The address “{slug}” is already used by “{other}”. Please choose another.";
        }

        return errors;
    }

    private async Task<string> SlugAsync(string id, AuthorForm form, CancellationToken ct)
    {
        var slug = (form.Slug ?? "").Trim();
        if (slug.Length > 0) return slug;
        var taken = (await db.Authors.AsNoTracking().Where(a => a.ContentItemId != id).Select(a => a.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return SlugText.Unique(SlugText.From(Clean(form.DisplayName)), taken.Contains);
    }

    private static Dictionary<string, string> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = message };

    private static string Clean(string? text) => (text ?? "").Trim();

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Lines(params (string Name, string? Value)[] fields) =>
        string.Join("\n", fields.Select(f => $"{f.Name}: {f.Value ?? "(none)"}"));

    private static (string? Previous, string? Next) Changes(params (string Name, string Before, string After)[] fields)
    {
        var changed = fields.Where(f => f.Before != f.After).ToArray();
        if (changed.Length == 0) return (null, null);
        return (Lines([.. changed.Select(f => (f.Name, (string?)f.Before))]), Lines([.. changed.Select(f => (f.Name, (string?)f.After))]));
    }
}
