using ClinicBlog.Articles;
using ClinicBlog.Dashboard;
using ClinicBlog.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Authors.Admin;

/// <summary>What the new-author and edit-bio pages share: the form, the account choices, the bio preview.</summary>
internal abstract class AuthorEditorPage : PageModel
{
    protected AuthorEditorPage(AuthorBioEditor editor, ClinicBlogDbContext db, DashboardPreview preview)
    {
        Editor = editor;
        Db = db;
        Preview = preview;
    }

    protected AuthorBioEditor Editor { get; }
    protected ClinicBlogDbContext Db { get; }
    private DashboardPreview Preview { get; }

    [BindProperty] public AuthorForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> AccountOptions { get; private set; } = [];
    public string PreviewHtml { get; private set; } = "";
    public IReadOnlyList<(string Field, string Message)> Errors { get; private set; } = [];

    public Actor Actor => Actor.From(User);

    protected async Task PrepareAsync(CancellationToken ct)
    {
        var accounts = await Db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.UserName)
            .Select(u => new { u.Id, u.DisplayName, u.UserName, u.IsDisabled }).ToListAsync(ct);
        AccountOptions = accounts
            .Select(u => new SelectListItem(AuthorBioEditor.AccountName(u.DisplayName, u.UserName) + (u.IsDisabled ? " – disabled" : ""), u.Id))
            .ToList();
        PreviewHtml = await Preview.HtmlAsync(Input.BioMarkdown, ct);
        Errors = WorkflowRefusal.Summary(ModelState);
    }

    protected async Task<IActionResult> RefusedAsync(WorkflowResult<AuthorBio> result, CancellationToken ct)
    {
        if (WorkflowRefusal.AnswerOrShowAgain(this, result) is { } answer) return answer;
        await PrepareAsync(ct);
        return Page();
    }
}
