using ClinicBlog.Articles;
using ClinicBlog.AuditTrail;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Dashboard.Pages;

/// <summary>The dashboard's front page: what waits for this person, and what happened lately.</summary>
internal sealed class HomeModel(ClinicBlogDbContext db) : PageModel
{
    public int PendingComments { get; private set; }
    public IReadOnlyList<(string Title, string Id, DateTime ModifiedUtc)> AwaitingReview { get; private set; } = [];
    public IReadOnlyList<AuditEntry> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Section"] = "home";
        if (User.HasClaim(Permissions.ClaimType, Permissions.ModerateComments))
            PendingComments = await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending, ct);
        if (User.HasClaim(Permissions.ClaimType, Permissions.PublishArticles))
        {
            AwaitingReview = (await db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.PendingReview)
                    .OrderBy(a => a.ModifiedUtc).Select(a => new { a.Latest.Title, a.ContentItemId, a.ModifiedUtc }).Take(10).ToListAsync(ct))
                .Select(a => (a.Title, a.ContentItemId, a.ModifiedUtc)).ToList();
        }

        if (User.HasClaim(Permissions.ClaimType, Permissions.ViewAuditTrail))
            Recent = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(10).ToListAsync(ct);
    }
}
