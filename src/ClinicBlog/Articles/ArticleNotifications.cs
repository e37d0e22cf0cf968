using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Privacy;
using ClinicBlog.Site;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Articles;

/// <summary>The emails of the review workflow: a submission to the editors; changes requested, scheduled and published to the author.</summary>
/// <remarks>
/// Queued in the caller's unit of work (<see cref="MailOutbox"/>), so a transition that is not saved sends nothing; the
/// caller calls <see cref="Wake"/> after saving. The author is reached at the bio's notification email, else at the
/// email of the account linked to the bio; nobody is told about what they did themselves.
/// </remarks>
internal sealed class ArticleNotifications(
    ClinicBlogDbContext db, MailOutbox outbox, MailDispatcher dispatcher, EmailProtector emails, CommentLinks links,
    SiteBranding branding)
{
    /// <summary>To everyone who may publish (their accounts enabled), but not to the one who submitted.</summary>
    public async Task SubmittedAsync(GuestArticle article, Actor actor, CancellationToken ct)
    {
        var brand = await BrandAsync(ct);
        var who = await NameAsync(actor, ct);
        foreach (var email in await EditorEmailsAsync(actor.UserId, ct))
        {
            outbox.Enqueue(new MailMessage(email, $"For review: “{article.Latest.Title}”",
                $"""
                {who} submitted “{article.Latest.Title}” by {article.Author?.Byline} for review on {brand.SiteName}.

                Read it, then publish it, schedule it, or request changes:
                {links.BaseUrl}/admin/articles/{article.ContentItemId}

                Everything waiting for review: {links.BaseUrl}/admin/articles/review
                """));
        }
    }

    public async Task ChangesRequestedAsync(GuestArticle article, string note, Actor actor, CancellationToken ct)
    {
        if (await AuthorEmailAsync(article, actor, ct) is not { } email) return;
        var brand = await BrandAsync(ct);
        outbox.Enqueue(new MailMessage(email, $"Changes requested: “{article.Latest.Title}”",
            $"""
            Hello {article.Author?.DisplayName},

            {await NameAsync(actor, ct)} read “{article.Latest.Title}” and asks for these changes before it is published on {brand.SiteName}:

            {note}

            Edit the article and submit it again when it is ready:
            {links.BaseUrl}/admin/articles/{article.ContentItemId}
            """));
    }

    public async Task ScheduledAsync(GuestArticle article, Actor actor, CancellationToken ct)
    {
        if (await AuthorEmailAsync(article, actor, ct) is not { } email) return;
        var brand = await BrandAsync(ct);
        outbox.Enqueue(new MailMessage(email, $"Scheduled: “{article.Latest.Title}”",
            $"""
            Hello {article.Author?.DisplayName},

            “{article.Latest.Title}” is accepted and will be published on {brand.SiteName} on {When(brand, article.ScheduledUtc!.Value)}.

            You can read it in the dashboard: {links.BaseUrl}/admin/articles/{article.ContentItemId}
            """));
    }

    public async Task PublishedAsync(GuestArticle article, Actor actor, CancellationToken ct)
    {
        if (await AuthorEmailAsync(article, actor, ct) is not { } email) return;
        var brand = await BrandAsync(ct);
        outbox.Enqueue(new MailMessage(email, $"Published: “{article.Published!.Title}”",
            $"""
            Hello {article.Author?.DisplayName},

            “{article.Published.Title}” is published on {brand.SiteName}. Readers can find it here:
            {links.Article(article.Published.Slug)}

            Thank you for writing it.
            """));
    }

    /// <summary>A scheduled publication that could not happen (its address was taken meanwhile): the editors must look.</summary>
    public async Task ScheduleFailedAsync(GuestArticle article, string reason, CancellationToken ct)
    {
        foreach (var email in await EditorEmailsAsync(null, ct))
        {
            outbox.Enqueue(new MailMessage(email, $"Not published: “{article.Latest.Title}”",
                $"""
                “{article.Latest.Title}” was scheduled for publication but could not be published: {reason}

                It is back in the review queue: {links.BaseUrl}/admin/articles/{article.ContentItemId}
                """));
        }
    }

    /// <summary>Call after the change that queued the mail is saved.</summary>
    public void Wake() => dispatcher.Wake();

    public static string When(SiteBrand brand, DateTime utc) =>
        $"{brand.Date(utc)} at {brand.ToLocal(utc):HH:mm} ({brand.TimeZone.Id})";

    private Task<SiteBrand> BrandAsync(CancellationToken ct) => branding.GetAsync(ct);

    private async Task<string> NameAsync(Actor actor, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(actor.Name)) return actor.Name;
        var name = actor.UserId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.DisplayName == "" ? u.UserName : u.DisplayName).FirstOrDefaultAsync(ct);
        return name ?? "An editor";
    }

    private async Task<string?> AuthorEmailAsync(GuestArticle article, Actor actor, CancellationToken ct)
    {
        var bio = article.Author ?? await db.Authors.AsNoTracking().FirstOrDefaultAsync(a => a.ContentItemId == article.AuthorBioId, ct);
        if (bio is null) return null;
        if (bio.UserId is not null && bio.UserId == actor.UserId) return null;
        if (bio.ProtectedNotificationEmail is { } protectedEmail) return emails.Unprotect(protectedEmail);
        if (bio.UserId is null) return null;
        return await db.Users.AsNoTracking().Where(u => u.Id == bio.UserId && !u.IsDisabled).Select(u => u.Email).FirstOrDefaultAsync(ct);
    }

    private async Task<IReadOnlyList<string>> EditorEmailsAsync(string? exceptUserId, CancellationToken ct)
    {
        var found = await (
            from claim in db.RoleClaims
            where claim.ClaimType == Permissions.ClaimType && claim.ClaimValue == Permissions.PublishArticles
            join userRole in db.UserRoles on claim.RoleId equals userRole.RoleId
            join user in db.Users on userRole.UserId equals user.Id
            where !user.IsDisabled && user.Email != null && user.Id != exceptUserId
            select user.Email).ToListAsync(ct);
        return found.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
