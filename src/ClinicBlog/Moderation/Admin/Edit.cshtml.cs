using ClinicBlog.Content;
using ClinicBlog.Privacy;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Moderation.Admin;

/// <summary>Changes a comment's text; the comment is marked as edited and the audit trail keeps the text before and after.</summary>
[Authorize(Policy = Permissions.ModerateComments)]
internal sealed class EditModel(
    ModerationQueue queue,
    QueueListing listing,
    EmailProtector emails,
    MarkdownRenderer markdown,
    SiteBranding branding) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? ReturnUrl { get; set; }

    [BindProperty] public string? Text { get; set; }

    public QueueRowView Comment { get; private set; } = null!;
    public string Back => QueueRows.SafeReturn(Url, ReturnUrl);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Text = Comment.Item.Body;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var result = await queue.EditAsync(id, Text, ct);
        if (result is null) return NotFound();
        if (result.Length > 0)
        {
            ModelState.AddModelError(nameof(Text), result);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        TempData["Status"] = "Saved the comment's new text.";
        return QueueRows.SeeOther(Response, Back);
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var canSeeEmails = QueueRows.CanSeeEmails(User);
        var items = await listing.ItemsAsync([id], canSeeEmails, ct);
        if (items.Count == 0) return false;
        Comment = QueueRows.Build(items, markdown, await branding.GetAsync(ct), canSeeEmails ? emails : null)[0];
        return true;
    }
}
