using ClinicBlog.Dashboard;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Articles.Admin;

/// <summary>What the new-article and edit pages share: the form, the author choices, the preview, and how refusals answer.</summary>
internal abstract class ArticleEditorPage : PageModel
{
    protected ArticleEditorPage(PublishingWorkflow workflow, ClinicBlogDbContext db, DashboardPreview preview, SiteBranding branding)
    {
        Workflow = workflow;
        Db = db;
        Preview = preview;
        Branding = branding;
    }

    protected PublishingWorkflow Workflow { get; }
    protected ClinicBlogDbContext Db { get; }
    private DashboardPreview Preview { get; }
    protected SiteBranding Branding { get; }

    [BindProperty] public ArticleForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> AuthorOptions { get; private set; } = [];

    /// <summary>The body as readers would see it, rendered by the public page's pipeline.</summary>
    public string PreviewHtml { get; private set; } = "";

    /// <summary>The errors of the last submit, in the order of the form, for the summary above it.</summary>
    public IReadOnlyList<(string Field, string Message)> Errors { get; private set; } = [];

    public Actor Actor => Actor.From(User);

    /// <summary>Fills what the form shows besides the typed values.</summary>
    protected async Task PrepareAsync(string? currentAuthorId, CancellationToken ct)
    {
        var actor = Actor;
        var authors = Db.Authors.AsNoTracking();
        // Someone who edits only their own articles writes as a bio linked to them (or keeps the one it has).
        if (!actor.Can(Permissions.EditAllArticles))
            authors = authors.Where(a => a.UserId == actor.UserId || a.ContentItemId == currentAuthorId);
        AuthorOptions = await authors.OrderBy(a => a.DisplayName)
            .Select(a => new SelectListItem(a.Credentials == "" ? a.DisplayName : a.DisplayName + ", " + a.Credentials, a.ContentItemId))
            .ToListAsync(ct);
        PreviewHtml = await Preview.HtmlAsync(Input.Markdown, ct);
        Errors = WorkflowRefusal.Summary(ModelState);
    }

    /// <summary>A refused transition as an answer: 404, 403 (the dashboard's "not allowed" page), or the form with its errors.</summary>
    protected async Task<IActionResult> RefusedAsync<T>(WorkflowResult<T> result, string? currentAuthorId, CancellationToken ct) where T : class
    {
        if (WorkflowRefusal.AnswerOrShowAgain(this, result) is { } answer) return answer;
        await PrepareAsync(currentAuthorId, ct);
        return Page();
    }

    /// <summary>The editor script's autosave answer: JSON with a message to show, and a status code it can act on.</summary>
    protected async Task<IActionResult> AutosaveAnswerAsync(WorkflowResult<GuestArticle> result, bool changed, CancellationToken ct, string? editUrl = null)
    {
        Response.Headers.CacheControl = "no-store";
        switch (result.Outcome)
        {
            case WorkflowOutcome.Done:
                var brand = await Branding.GetAsync(ct);
                var at = brand.ToLocal(result.Item!.ModifiedUtc).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
                return new JsonResult(new
                {
                    saved = changed,
                    message = changed ? $"Draft saved automatically at {at}." : "No changes to save.",
                    editUrl,
                    autosaveUrl = editUrl is null ? null : editUrl + "?handler=Autosave",
                });
            case WorkflowOutcome.NotFound:
                return new JsonResult(new { saved = false, message = "This article no longer exists." }) { StatusCode = StatusCodes.Status404NotFound };
            case WorkflowOutcome.Forbidden:
                return new JsonResult(new { saved = false, message = $"Not saved automatically: {result.Error}" }) { StatusCode = StatusCodes.Status403Forbidden };
            default:
                var first = result.FieldErrors.Values.FirstOrDefault() ?? result.Error;
                return new JsonResult(new { saved = false, message = $"Not saved automatically: {first}" }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
        }
    }

    /// <summary>The default author of a new article: the bio linked to this account, if any.</summary>
    protected async Task<string?> OwnBioAsync(CancellationToken ct)
    {
        var userId = Actor.UserId;
        return userId is null ? null : await Db.Authors.AsNoTracking().Where(a => a.UserId == userId).Select(a => a.ContentItemId).FirstOrDefaultAsync(ct);
    }
}
