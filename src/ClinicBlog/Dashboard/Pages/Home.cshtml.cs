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

    /// <summary>This person's own articles still in the works: drafts and changes requested first, then those with an editor.</summary>
    public IReadOnlyList<OwnArticle> Mine { get; private set; } = [];

    internal sealed record OwnArticle(string Id, string Title, ArticleStatus Status, bool IsPublic, string? ReviewNote, DateTime ModifiedUtc);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (User.HasClaim(Permissions.ClaimType, Permissions.ModerateComments))
            PendingComments = await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending, ct);
        if (User.HasClaim(Permissions.ClaimType, Permissions.PublishArticles))
        {
            AwaitingReview = (await db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.PendingReview)
                    .OrderBy(a => a.SubmittedUtc ?? a.ModifiedUtc).Select(a => new { a.Latest.Title, a.ContentItemId, ModifiedUtc = a.SubmittedUtc ?? a.ModifiedUtc }).Take(10).ToListAsync(ct))
                .Select(a => (a.Title, a.ContentItemId, a.ModifiedUtc)).ToList();
        }

        if (User.HasClaim(Permissions.ClaimType, Permissions.EditOwnArticles) && Actor.From(User).UserId is { } me)
        {
            ArticleStatus[] inTheWorks = [ArticleStatus.Draft, ArticleStatus.ChangesRequested, ArticleStatus.PendingReview, ArticleStatus.Scheduled];
            var mine = await db.Articles.AsNoTracking()
                .Where(a => (a.OwnerUserId == me || a.Author!.UserId == me) && inTheWorks.Contains(a.Status))
                .OrderByDescending(a => a.ModifiedUtc).Take(20)
                .Select(a => new OwnArticle(a.ContentItemId, a.Latest.Title, a.Status, a.Published != null, a.ReviewNote, a.ModifiedUtc))
                .ToListAsync(ct);
            // What needs this person's hand first: changes requested, then drafts, then what waits on an editor.
            Mine = mine.OrderBy(a => a.Status switch { ArticleStatus.ChangesRequested => 0, ArticleStatus.Draft => 1, _ => 2 }).ToList();
        }

        if (User.HasClaim(Permissions.ClaimType, Permissions.ViewAuditTrail))
            Recent = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(10).ToListAsync(ct);
    }
}
