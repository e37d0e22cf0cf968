using ClinicBlog.Content;
using ClinicBlog.Privacy;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Moderation.Admin;

/// <summary>"Delete permanently" without JavaScript: what will be gone, replies included, before it is gone.</summary>
/// <remarks>The page only asks; its form posts the confirmed delete to the queue's own action handler.</remarks>
[Authorize(Policy = Permissions.ModerateComments)]
internal sealed class DeleteModel(
    ModerationQueue queue,
    QueueListing listing,
    EmailProtector emails,
    MarkdownRenderer markdown,
    SiteBranding branding) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ids")] public long[] Ids { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? ReturnUrl { get; set; }

    /// <summary>The comments chosen, then the replies that go with them.</summary>
    public IReadOnlyList<QueueRowView> Selected { get; private set; } = [];
    public IReadOnlyList<QueueRowView> Replies { get; private set; } = [];
    public string Back { get; private set; } = "/admin/comments";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Back = QueueRows.SafeReturn(Url, ReturnUrl);
        var chosen = Ids.Distinct().ToHashSet();
        var all = await queue.WithRepliesAsync(chosen, ct);
        var canSeeEmails = QueueRows.CanSeeEmails(User);
        var rows = QueueRows.Build(await listing.ItemsAsync(all, canSeeEmails, ct), markdown, await branding.GetAsync(ct), canSeeEmails ? emails : null);
        Selected = rows.Where(r => chosen.Contains(r.Id)).ToList();
        Replies = rows.Where(r => !chosen.Contains(r.Id)).ToList();
    }
}
