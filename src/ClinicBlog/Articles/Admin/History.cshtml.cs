using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Admin;

/// <summary>An article's revisions: who saved what and when; compare any two; restore one (as a new revision).</summary>
/// <remarks>Whoever may read the article (its author, editors) sees the history; restoring asks for the right to edit it now.</remarks>
[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class HistoryModel(PublishingWorkflow workflow, ArticleHistory history) : PageModel
{
    public GuestArticle Article { get; private set; } = null!;
    public IReadOnlyList<RevisionRow> Revisions { get; private set; } = [];
    public bool CanRestore { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var actor = Actor.From(User);
        var opened = await workflow.OpenAsync(actor, id, ct);
        if (opened.Outcome == WorkflowOutcome.NotFound) return NotFound();
        if (!opened.Succeeded) return Forbid();
        Article = opened.Item!;
        CanRestore = PublishingWorkflow.Check(actor, Article, ArticleAction.Edit) is null;
        Revisions = await history.ListAsync(id, ct);
        return Page();
    }

    /// <summary>"Restore": the revision's words become the newest draft; readers see them only once published.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(string id, [FromForm] int number, CancellationToken ct)
    {
        var restored = await workflow.RestoreAsync(Actor.From(User), id, number, ct);
        switch (restored.Outcome)
        {
            case WorkflowOutcome.NotFound when restored.Error?.StartsWith("This article has no revision", StringComparison.Ordinal) != true:
                return NotFound();
            case WorkflowOutcome.Forbidden:
                return Forbid();
        }

        if (!restored.Succeeded)
        {
            TempData["Status"] = restored.Error;
            return Redirect($"/admin/articles/{id}/history");
        }

        TempData["Status"] = restored.Item!.Published is null
            ? $"Revision {number} is restored as the newest draft."
            : $"Revision {number} is restored as the newest draft. Readers still see the published version until it is published.";
        return Redirect($"/admin/articles/{id}");
    }
}
