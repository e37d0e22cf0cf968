using ClinicBlog.Dashboard;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Articles.Admin;

/// <summary>One article's editor, and its review: every handler asks the workflow again; hidden buttons are a courtesy, not the guard.</summary>
/// <remarks>
/// Someone who may read the article but not change it now (a guest author while it waits for review) gets the same
/// page read-only, with what they may do instead (withdraw the submission).
/// </remarks>
[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class EditModel(PublishingWorkflow workflow, ClinicBlogDbContext db, DashboardPreview preview, SiteBranding branding)
    : ArticleEditorPage(workflow, db, preview, branding)
{
    public GuestArticle Article { get; private set; } = null!;

    /// <summary>"Publish later": the time as typed in the site's time zone (a datetime-local field).</summary>
    [BindProperty] public string? ScheduleAt { get; set; }

    /// <summary>"Request changes": what the author should change.</summary>
    [BindProperty] public string? ReviewNote { get; set; }

    public SiteBrand Brand { get; private set; } = null!;

    public int RevisionCount { get; private set; }

    public bool May(ArticleAction action) => PublishingWorkflow.Check(Actor, Article, action) is null;

    /// <summary>May change the words now; otherwise the form is shown read-only.</summary>
    public bool CanEdit => May(ArticleAction.Edit);

    /// <summary>A published article's edits wait for publish; the page says so beside the buttons.</summary>
    public bool IsPublic => Article.Published is not null;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        Input = ArticleForm.From(Article);
        await PrepareEditAsync(ct);
        return Page();
    }

    /// <summary>"Save draft".</summary>
    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        var saved = await Workflow.SaveAsync(Actor, id, Input, ct);
        if (!saved.Succeeded) return await RefusedHereAsync(saved, ct);
        TempData["Status"] = saved.Item!.Published is null
            ? "Draft saved."
            : "Draft saved. Readers still see the published version until it is published.";
        return Redirect($"/admin/articles/{id}");
    }

    /// <summary>The editor script's autosave: saves the words and a revision only when something changed; answers JSON.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(string id, CancellationToken ct)
    {
        var opened = await Workflow.OpenAsync(Actor, id, ct);
        if (!opened.Succeeded) return await AutosaveAnswerAsync(opened, false, ct);
        var before = opened.Item!.ModifiedUtc;
        var saved = await Workflow.SaveAsync(Actor, id, Input, ct, note: "autosaved");
        return await AutosaveAnswerAsync(saved, saved.Succeeded && saved.Item!.ModifiedUtc != before, ct);
    }

    /// <summary>"Publish": what is typed is saved, then published.</summary>
    public async Task<IActionResult> OnPostPublishAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        if (PublishingWorkflow.Check(Actor, Article, ArticleAction.Publish) is { Outcome: WorkflowOutcome.Forbidden }) return Forbid();
        var saved = await Workflow.SaveAsync(Actor, id, Input, ct);
        if (!saved.Succeeded) return await RefusedHereAsync(saved, ct);
        var published = await Workflow.PublishAsync(Actor, id, ct);
        if (published.Outcome == WorkflowOutcome.Forbidden) return Forbid();
        TempData["Status"] = published.Succeeded ? $"“{published.Item!.Latest.Title}” is published." : published.Error;
        return Redirect($"/admin/articles/{id}");
    }

    /// <summary>"Schedule": what is typed is saved, then scheduled for the time typed in the site's zone.</summary>
    public async Task<IActionResult> OnPostScheduleAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        if (PublishingWorkflow.Check(Actor, Article, ArticleAction.Schedule) is { Outcome: WorkflowOutcome.Forbidden }) return Forbid();
        var saved = await Workflow.SaveAsync(Actor, id, Input, ct);
        if (!saved.Succeeded) return await RefusedHereAsync(saved, ct);
        var scheduled = await Workflow.ScheduleAsync(Actor, id, ScheduleAt, ct);
        if (!scheduled.Succeeded) return await RefusedHereAsync(scheduled, ct);
        var brand = await Branding.GetAsync(ct);
        TempData["Status"] = $"“{scheduled.Item!.Latest.Title}” will be published on {ArticleNotifications.When(brand, scheduled.Item.ScheduledUtc!.Value)}.";
        return Redirect($"/admin/articles/{id}");
    }

    public async Task<IActionResult> OnPostCancelScheduleAsync(string id, CancellationToken ct)
    {
        var result = await Workflow.CancelScheduleAsync(Actor, id, ct);
        return Answer(result, id, "The scheduled publication is cancelled. The article is back in the review queue.");
    }

    /// <summary>"Submit for review": what is typed is saved, then handed to the editors.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        if (PublishingWorkflow.Check(Actor, Article, ArticleAction.Submit) is { Outcome: WorkflowOutcome.Forbidden }) return Forbid();
        var saved = await Workflow.SaveAsync(Actor, id, Input, ct);
        if (!saved.Succeeded) return await RefusedHereAsync(saved, ct);
        var submitted = await Workflow.SubmitAsync(Actor, id, ct);
        if (submitted.Outcome == WorkflowOutcome.Forbidden) return Forbid();
        TempData["Status"] = submitted.Succeeded ? "Submitted for review. The editors are told by email; you will hear when they have read it." : submitted.Error;
        return Redirect($"/admin/articles/{id}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string id, CancellationToken ct)
    {
        var result = await Workflow.WithdrawAsync(Actor, id, ct);
        return Answer(result, id, "The submission is withdrawn: you can edit the article again, and submit it when it is ready.");
    }

    /// <summary>"Request changes": the note goes to the author, on this page and by email.</summary>
    public async Task<IActionResult> OnPostRequestChangesAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        var result = await Workflow.RequestChangesAsync(Actor, id, ReviewNote, ct);
        if (result.Outcome == WorkflowOutcome.Invalid)
        {
            Input = ArticleForm.From(Article);
            return await RefusedHereAsync(result, ct);
        }

        return Answer(result, id, "Changes requested. The author is told by email and sees your note in the editor.");
    }

    public async Task<IActionResult> OnPostUnpublishAsync(string id, CancellationToken ct)
    {
        var result = await Workflow.UnpublishAsync(Actor, id, ct);
        return Answer(result, id, result.Item is { } a ? $"“{a.Latest.Title}” is unpublished: readers can no longer see it. It is kept as a draft." : "");
    }

    /// <summary>"Preview" without JavaScript: the page again, with the preview and everything typed; nothing is saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        ModelState.Clear();
        await PrepareEditAsync(ct);
        return Page();
    }

    private async Task<IActionResult?> OpenAsync(string id, CancellationToken ct)
    {
        var opened = await Workflow.OpenAsync(Actor, id, ct);
        if (opened.Outcome == WorkflowOutcome.NotFound) return NotFound();
        if (!opened.Succeeded) return Forbid();
        Article = opened.Item!;
        return null;
    }

    private async Task PrepareEditAsync(CancellationToken ct)
    {
        await PrepareReviewAsync(ct);
        await PrepareAsync(Article.AuthorBioId, ct);
    }

    /// <summary>What the page shows besides the form: the site's clock, the revision count, the schedule as typed.</summary>
    private async Task PrepareReviewAsync(CancellationToken ct)
    {
        Brand = await Branding.GetAsync(ct);
        RevisionCount = await Db.ArticleRevisions.CountAsync(r => r.ArticleId == Article.ContentItemId, ct);
        if (ScheduleAt is null && Article.ScheduledUtc is { } at) ScheduleAt = Brand.ToLocal(at).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A refusal shown on this page: the schedule and the note have their errors beside their own fields.</summary>
    private async Task<IActionResult> RefusedHereAsync(WorkflowResult<GuestArticle> result, CancellationToken ct)
    {
        await PrepareReviewAsync(ct);
        if (result.Outcome == WorkflowOutcome.Invalid && result.FieldErrors.Keys.Any(k => k is PublishingWorkflow.ScheduleField or PublishingWorkflow.NoteField))
        {
            foreach (var (field, message) in result.FieldErrors) ModelState.AddModelError(field, message);
            await PrepareAsync(Article.AuthorBioId, ct);
            return Page();
        }

        return await RefusedAsync(result, Article.AuthorBioId, ct);
    }

    /// <summary>A transition without a form of typed words: its message, or its refusal, and back to the editor.</summary>
    private IActionResult Answer(WorkflowResult<GuestArticle> result, string id, string done)
    {
        switch (result.Outcome)
        {
            case WorkflowOutcome.NotFound: return NotFound();
            case WorkflowOutcome.Forbidden: return Forbid();
        }

        TempData["Status"] = result.Succeeded ? done : result.Error;
        return Redirect($"/admin/articles/{id}");
    }
}
