using ClinicBlog.Comments;
using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Moderation.Admin;

/// <summary>"Empty Spam" / "Empty Trash" without JavaScript: how much will be gone, before it is gone.</summary>
/// <remarks>The page only asks; its form posts the confirmed action to the queue's own action handler.</remarks>
[Authorize(Policy = Permissions.ModerateComments)]
internal sealed class EmptyModel(ClinicBlogDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? ReturnUrl { get; set; }

    public CommentStatus Status { get; private set; }
    public int Count { get; private set; }

    /// <summary>Replies to those comments that are in another tab, and go with them.</summary>
    public int RepliesElsewhere { get; private set; }

    public string Back { get; private set; } = "/admin/comments";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (QueueTabs.Parse(Tab) is not { } status || !QueueTabs.CanEmpty(status)) return NotFound();
        Status = status;
        Back = QueueRows.SafeReturn(Url, ReturnUrl);
        Count = await db.Comments.CountAsync(c => c.Status == status, ct);
        // Only direct replies are counted here: a close enough warning; the delete itself takes the whole thread below.
        RepliesElsewhere = await db.Comments.CountAsync(c => c.Status != status && c.ParentId != null
            && db.Comments.Any(p => p.Id == c.ParentId && p.Status == status), ct);
        return Page();
    }
}
