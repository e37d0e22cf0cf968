using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Admin;

/// <summary>The review queue: what waits for an editor, oldest submission first, and what is scheduled, soonest first.</summary>
[Authorize(Policy = Permissions.PublishArticles)]
internal sealed class ReviewModel(ArticleList list) : PageModel
{
    public IReadOnlyList<ReviewRow> Waiting { get; private set; } = [];
    public IReadOnlyList<ReviewRow> Scheduled { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Waiting, Scheduled) = await list.ReviewQueueAsync(ct);
    }
}
