using ClinicBlog.Comments;
using ClinicBlog.Content;
using ClinicBlog.Privacy;
using ClinicBlog.Site;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Moderation.Admin;

/// <summary>A comment in full, and a reply to it as the signed-in staff member, published at once under it.</summary>
[Authorize(Policy = Permissions.ModerateComments)]
internal sealed class ReplyModel(
    ModerationQueue queue,
    QueueListing listing,
    UserManager<ClinicBlogUser> users,
    EmailProtector emails,
    MarkdownRenderer markdown,
    SiteBranding branding) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? ReturnUrl { get; set; }

    [BindProperty] public string? Text { get; set; }

    public QueueRowView Comment { get; private set; } = null!;
    public string Back => QueueRows.SafeReturn(Url, ReturnUrl);
    public string DisplayName { get; private set; } = "";

    /// <summary>Spam and trash are not answered in public: the form is not offered.</summary>
    public bool CanReply => Comment.Item.Status is CommentStatus.Pending or CommentStatus.Approved;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Forbid();
        var author = new StaffAuthor(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? "Staff" : user.DisplayName, user.Email ?? "");
        var outcome = await queue.ReplyAsync(id, author, Text, ct);
        if (outcome is null) return NotFound();
        if (outcome.Error is { } error)
        {
            ModelState.AddModelError(nameof(Text), error);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        TempData["Status"] = outcome.ParentApproved
            ? "Approved the comment and published your reply."
            : "Published your reply.";
        return QueueRows.SeeOther(Response, Back);
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var canSeeEmails = QueueRows.CanSeeEmails(User);
        var items = await listing.ItemsAsync([id], canSeeEmails, ct);
        if (items.Count == 0) return false;
        Comment = QueueRows.Build(items, markdown, await branding.GetAsync(ct), canSeeEmails ? emails : null)[0];
        DisplayName = User.FindFirst(AuditTrail.DisplayNameClaim.Type)?.Value ?? User.Identity?.Name ?? "";
        return true;
    }
}
