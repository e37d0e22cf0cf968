using ClinicBlog.Articles;
using ClinicBlog.Content;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Authors.Admin;

/// <summary>What the new-author and edit-bio pages share: the form, the account choices, the bio preview.</summary>
internal abstract class AuthorEditorPage : PageModel
{
    protected AuthorEditorPage(AuthorBioEditor editor, ClinicBlogDbContext db, MarkdownRenderer markdown, SiteBranding branding)
    {
        Editor = editor;
        Db = db;
        Markdown = markdown;
        Branding = branding;
    }

    protected AuthorBioEditor Editor { get; }
    protected ClinicBlogDbContext Db { get; }
    private MarkdownRenderer Markdown { get; }
    private SiteBranding Branding { get; }

    [BindProperty] public AuthorForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> AccountOptions { get; private set; } = [];
    public string PreviewHtml { get; private set; } = "";
    public IReadOnlyList<(string Field, string Message)> Errors { get; private set; } = [];

    public Actor Actor => Actor.From(User);

    protected async Task PrepareAsync(CancellationToken ct)
    {
        ViewData["Section"] = "authors";
        var accounts = await Db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.UserName)
            .Select(u => new { u.Id, u.DisplayName, u.UserName, u.IsDisabled }).ToListAsync(ct);
        AccountOptions = accounts
            .Select(u => new SelectListItem(AuthorBioEditor.AccountName(u.DisplayName, u.UserName) + (u.IsDisabled ? " – disabled" : ""), u.Id))
            .ToList();
        var brand = await Branding.GetAsync(ct);
        PreviewHtml = Markdown.RenderArticle(Input.BioMarkdown ?? "", brand.GuestLinkRel);
        Errors = ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => (e.Key, e.Value!.Errors[0].ErrorMessage)).ToList();
    }

    protected async Task<IActionResult> RefusedAsync(WorkflowResult<AuthorBio> result, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case WorkflowOutcome.NotFound:
                return NotFound();
            case WorkflowOutcome.Forbidden:
                return Forbid();
            case WorkflowOutcome.Invalid:
                foreach (var (field, message) in result.FieldErrors) ModelState.AddModelError($"{nameof(Input)}.{field}", message);
                break;
            default:
                ModelState.AddModelError("", result.Error ?? "That could not be done.");
                break;
        }

        await PrepareAsync(ct);
        return Page();
    }
}
