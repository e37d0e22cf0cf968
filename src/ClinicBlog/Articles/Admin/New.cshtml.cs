using ClinicBlog.Dashboard;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ClinicBlog.Articles.Admin;

[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class NewModel(PublishingWorkflow workflow, ClinicBlogDbContext db, DashboardPreview preview, SiteBranding branding)
    : ArticleEditorPage(workflow, db, preview, branding)
{
    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = new ArticleForm { AuthorBioId = await OwnBioAsync(ct) };
        await PrepareAsync(null, ct);
    }

    /// <summary>"Save draft".</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await Workflow.CreateDraftAsync(Actor, Input, ct);
        if (!created.Succeeded) return await RefusedAsync(created, null, ct);
        TempData["Status"] = $"Draft “{created.Item!.Latest.Title}” saved. Readers cannot see it until it is published.";
        return Redirect($"/admin/articles/{created.Item.ContentItemId}");
    }

    /// <summary>
    /// The editor script's autosave of a new article: the first one with a title creates the draft and answers with its
    /// address, where the script moves the form (and every later autosave) so that no second draft is made.
    /// </summary>
    public async Task<IActionResult> OnPostAutosaveAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Input.Title))
        {
            Response.Headers.CacheControl = "no-store";
            return new JsonResult(new { saved = false, message = "Give the article a title and it is saved automatically as you write." });
        }

        var created = await Workflow.CreateDraftAsync(Actor, Input, ct);
        return await AutosaveAnswerAsync(created, created.Succeeded, ct,
            created.Succeeded ? $"/admin/articles/{created.Item!.ContentItemId}" : null);
    }

    /// <summary>"Publish": saved as a draft first, so nothing typed is lost if publishing is refused.</summary>
    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        SaveDraftThenAsync(Permissions.PublishArticles, Workflow.PublishAsync,
            title => $"“{title}” is published.", error => $"The draft is saved but not published: {error}", ct);

    /// <summary>"Submit for review" on a new article, as WordPress offers it: saved as a draft first, then submitted.</summary>
    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) =>
        SaveDraftThenAsync(Permissions.SubmitArticles, Workflow.SubmitAsync,
            _ => "Submitted for review. The editors are told by email; you will hear when they have read it.",
            error => $"The draft is saved but not submitted: {error}", ct);

    /// <summary>"Preview" without JavaScript: the page again, with the preview and everything typed.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await PrepareAsync(null, ct);
        return Page();
    }

    /// <summary>Creates the draft from what is typed, then takes the next step on it; the editor opens on the draft either way.</summary>
    private async Task<IActionResult> SaveDraftThenAsync(string permission,
        Func<Actor, string, CancellationToken, Task<WorkflowResult<GuestArticle>>> step,
        Func<string, string> done, Func<string?, string> notDone, CancellationToken ct)
    {
        if (!Actor.Can(permission)) return Forbid();
        var created = await Workflow.CreateDraftAsync(Actor, Input, ct);
        if (!created.Succeeded) return await RefusedAsync(created, null, ct);
        var id = created.Item!.ContentItemId;
        var next = await step(Actor, id, ct);
        TempData["Status"] = next.Succeeded ? done(created.Item.Latest.Title) : notDone(next.Error);
        return Redirect($"/admin/articles/{id}");
    }
}
