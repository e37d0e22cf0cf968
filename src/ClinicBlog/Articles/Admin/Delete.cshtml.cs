using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Admin;

/// <summary>"Delete…" asks first, on a page of its own, so it works without JavaScript.</summary>
[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class DeleteModel(PublishingWorkflow workflow) : PageModel
{
    public GuestArticle Article { get; private set; } = null!;

    public int CommentCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, [FromServices] Data.ClinicBlogDbContext db, CancellationToken ct)
    {
        var actor = Actor.From(User);
        var opened = await workflow.OpenAsync(actor, id, ct);
        if (opened.Outcome == WorkflowOutcome.NotFound) return NotFound();
        if (!opened.Succeeded || PublishingWorkflow.Check(actor, opened.Item!, ArticleAction.Delete) is not null) return Forbid();
        Article = opened.Item!;
        CommentCount = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Comments, c => c.ArticleId == id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var deleted = await workflow.DeleteAsync(Actor.From(User), id, ct);
        switch (deleted.Outcome)
        {
            case WorkflowOutcome.NotFound: return NotFound();
            case WorkflowOutcome.Forbidden: return Forbid();
        }

        TempData["Status"] = deleted.Succeeded ? $"“{deleted.Item!.Latest.Title}” is deleted." : deleted.Error;
        return Redirect(deleted.Succeeded ? "/admin/articles" : $"/admin/articles/{id}");
    }
}
