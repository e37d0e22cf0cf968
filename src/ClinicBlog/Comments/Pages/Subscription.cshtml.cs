using ClinicBlog.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Comments.Pages;

/// <summary>The links in reply emails: confirm an address (double opt-in) and unsubscribe with one click, no login.</summary>
/// <remarks>
/// The signed token is the credential, so the one-click POST that mail clients send (List-Unsubscribe-Post, RFC 8058)
/// carries no antiforgery token and needs none: a forged request cannot hold a valid token for someone else's address.
/// </remarks>
[IgnoreAntiforgeryToken]
internal sealed class SubscriptionModel(ClinicBlogDbContext db, CommentLinks links, TimeProvider clock) : PageModel
{
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string action, string? token, CancellationToken ct) =>
        action switch
        {
            "confirm" => await ConfirmAsync(token, ct),
            "unsubscribe" => await UnsubscribeAsync(token, ct),
            _ => NotFound(),
        };

    public async Task<IActionResult> OnPostAsync(string action, string? token, CancellationToken ct) =>
        action == "unsubscribe" ? await UnsubscribeAsync(token, ct) : NotFound();

    private async Task<IActionResult> ConfirmAsync(string? token, CancellationToken ct)
    {
        var subscriber = links.ReadConfirmToken(token) is { } hash ? await db.ReplySubscribers.FindAsync([hash], ct) : null;
        if (subscriber is null || subscriber.UnsubscribedUtc is not null)
            return Show(StatusCodes.Status400BadRequest, "This link has expired", "The confirmation link is too old or not valid. Ask for reply notifications again the next time you comment.");
        subscriber.ConfirmedUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Show(StatusCodes.Status200OK, "Thank you: your address is confirmed", "You will get an email when someone replies to your comments. Every email has a link to stop them.");
    }

    private async Task<IActionResult> UnsubscribeAsync(string? token, CancellationToken ct)
    {
        var subscriber = links.ReadUnsubscribeToken(token) is { } hash ? await db.ReplySubscribers.FindAsync([hash], ct) : null;
        if (subscriber is null)
            return Show(StatusCodes.Status400BadRequest, "This link is not valid", "Please use the link from the latest email you received.");
        subscriber.UnsubscribedUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Show(StatusCodes.Status200OK, "You are unsubscribed", "You will get no more emails about replies to your comments.");
    }

    private PageResult Show(int status, string heading, string message)
    {
        Heading = heading;
        Message = message;
        Response.StatusCode = status;
        return Page();
    }
}
