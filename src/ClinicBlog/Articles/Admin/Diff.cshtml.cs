using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Admin;

/// <summary>What changed between two revisions: the fields, then the Markdown line by line.</summary>
[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class DiffModel(PublishingWorkflow workflow, ArticleHistory history) : PageModel
{
    public GuestArticle Article { get; private set; } = null!;
    public RevisionDiff Diff { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, [FromQuery] int from, [FromQuery] int to, CancellationToken ct)
    {
        var opened = await workflow.OpenAsync(Actor.From(User), id, ct);
        if (opened.Outcome == WorkflowOutcome.NotFound) return NotFound();
        if (!opened.Succeeded) return Forbid();
        Article = opened.Item!;
        // Older on the left whichever way round they were chosen.
        if (from > to) (from, to) = (to, from);
        var diff = await history.DiffAsync(id, from, to, ct);
        if (diff is null) return NotFound();
        Diff = diff;
        return Page();
    }
}
