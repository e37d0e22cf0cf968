using ClinicBlog.Content;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ClinicBlog.Articles.Admin;

/// <summary>One article's editor. Every handler asks the workflow again: hidden buttons are a courtesy, not the guard.</summary>
[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class EditModel(PublishingWorkflow workflow, ClinicBlogDbContext db, MarkdownRenderer markdown, SiteBranding branding)
    : ArticleEditorPage(workflow, db, markdown, branding)
{
    public GuestArticle Article { get; private set; } = null!;

    public bool May(ArticleAction action) => PublishingWorkflow.Check(Actor, Article, action) is null;

    /// <summary>A published article's edits wait for publish; the page says so beside the buttons.</summary>
    public bool IsPublic => Article.Published is not null;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        Input = ArticleForm.From(Article);
        await PrepareAsync(Article.AuthorBioId, ct);
        return Page();
    }

    /// <summary>"Save draft".</summary>
    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        var saved = await Workflow.SaveAsync(Actor, id, Input, ct);
        if (!saved.Succeeded) return await RefusedAsync(saved, Article.AuthorBioId, ct);
        TempData["Status"] = saved.Item!.Published is null
            ? "Draft saved."
            : "Draft saved. Readers still see the published version until it is published.";
        return Redirect($"/admin/articles/{id}");
    }

    /// <summary>"Publish": what is typed is saved, then published.</summary>
    public async Task<IActionResult> OnPostPublishAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        if (PublishingWorkflow.Check(Actor, Article, ArticleAction.Publish) is { Outcome: WorkflowOutcome.Forbidden }) return Forbid();
        var saved = await Workflow.SaveAsync(Actor, id, Input, ct);
        if (!saved.Succeeded) return await RefusedAsync(saved, Article.AuthorBioId, ct);
        var published = await Workflow.PublishAsync(Actor, id, ct);
        if (published.Outcome == WorkflowOutcome.Forbidden) return Forbid();
        TempData["Status"] = published.Succeeded ? $"“{published.Item!.Latest.Title}” is published." : published.Error;
        return Redirect($"/admin/articles/{id}");
    }

    /// <summary>"Submit for review": what is typed is saved, then handed to an editor.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        if (PublishingWorkflow.Check(Actor, Article, ArticleAction.Submit) is { Outcome: WorkflowOutcome.Forbidden }) return Forbid();
        var saved = await Workflow.SaveAsync(Actor, id, Input, ct);
        if (!saved.Succeeded) return await RefusedAsync(saved, Article.AuthorBioId, ct);
        var submitted = await Workflow.SubmitAsync(Actor, id, ct);
        if (submitted.Outcome == WorkflowOutcome.Forbidden) return Forbid();
        TempData["Status"] = submitted.Succeeded ? "Submitted for review. An editor will look at it." : submitted.Error;
        return Redirect($"/admin/articles/{id}");
    }

    public async Task<IActionResult> OnPostUnpublishAsync(string id, CancellationToken ct)
    {
        var result = await Workflow.UnpublishAsync(Actor, id, ct);
        switch (result.Outcome)
        {
            case WorkflowOutcome.NotFound: return NotFound();
            case WorkflowOutcome.Forbidden: return Forbid();
        }

        TempData["Status"] = result.Succeeded ? $"“{result.Item!.Latest.Title}” is unpublished: readers can no longer see it. It is kept as a draft." : result.Error;
        return Redirect($"/admin/articles/{id}");
    }

    /// <summary>"Preview" without JavaScript: the page again, with the preview and everything typed; nothing is saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        ModelState.Clear();
        await PrepareAsync(Article.AuthorBioId, ct);
        return Page();
    }

    private async Task<IActionResult?> OpenAsync(string id, CancellationToken ct)
    {
        var opened = await Workflow.OpenAsync(Actor, id, ct);
        if (opened.Outcome == WorkflowOutcome.NotFound) return NotFound();
        if (!opened.Succeeded) return Forbid();
        Article = opened.Item!;
        ViewData["Section"] = "articles";
        return null;
    }
}
