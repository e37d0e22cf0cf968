using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using ClinicBlog.Comments;
using ClinicBlog.Content;
using ClinicBlog.Privacy;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClinicBlog.Moderation.Admin;

/// <summary>A queue row as the page shows it: the text rendered safe, and the email only when this person may see it.</summary>
internal sealed record QueueRowView(QueueItem Item, string BodyHtml, string? Email, string When, string WhenIso, string? Edited)
{
    public long Id => Item.Id;

    public string Initials => AuthorInitials.Of(Item.AuthorName);

    public string AvatarClass => "avatar avatar-" + (Item.Id % 6).ToString(CultureInfo.InvariantCulture);

    /// <summary>The comment on the public page, when readers can see it there.</summary>
    public string? PublicUrl => Item.PublishedSlug is { } slug && Item.Status == CommentStatus.Approved
        ? $"/articles/{slug}#comment-{Item.Id}"
        : null;

    public string? ArticleUrl => Item.PublishedSlug is { } slug ? $"/articles/{slug}" : null;

    /// <summary>The comment it answers, in short, as plain text.</summary>
    public string? ParentExcerpt => Item.ParentExcerpt is { } e
        ? (e.Length >= QueueListing.ExcerptLength ? e.TrimEnd() + "…" : e).ReplaceLineEndings(" ")
        : null;
}

/// <summary>Builds rows for the queue's pages, and what they share about who may see what.</summary>
internal static class QueueRows
{
    public static bool CanSeeEmails(ClaimsPrincipal user) => user.HasClaim(Permissions.ClaimType, Permissions.ViewCommenterEmail);

    /// <param name="emails">Given only to those with ViewCommenterEmail; without it, no address is ever decrypted.</param>
    public static IReadOnlyList<QueueRowView> Build(IEnumerable<QueueItem> items, MarkdownRenderer markdown, SiteBrand brand, EmailProtector? emails) =>
        items.Select(i => new QueueRowView(
            i,
            markdown.RenderComment(i.Body),
            emails is not null && !string.IsNullOrEmpty(i.ProtectedEmail) ? Reveal(emails, i.ProtectedEmail) : null,
            $"{brand.Date(i.CreatedUtc)} at {brand.ToLocal(i.CreatedUtc).ToString("h:mm tt", CultureInfo.InvariantCulture)}",
            DateTime.SpecifyKind(i.CreatedUtc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            i.EditedUtc is { } edited ? brand.Date(edited) : null)).ToList();

    private static string Reveal(EmailProtector emails, string protectedEmail)
    {
        try
        {
            return emails.Unprotect(protectedEmail);
        }
        catch (CryptographicException)
        {
            return "(the address cannot be read: its key is gone)";
        }
    }

    /// <summary>Where to go back after an action: a page of the queue this site serves, never elsewhere.</summary>
    public static string SafeReturn(IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl)
        && (returnUrl == "/admin/comments" || returnUrl.StartsWith("/admin/comments?", StringComparison.Ordinal))
            ? returnUrl
            : "/admin/comments";

    /// <summary>A 303 See Other: after a POST, the browser GETs the page it is sent to.</summary>
    public static IActionResult SeeOther(HttpResponse response, string location)
    {
        response.Headers.Location = location;
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
}
