using ClinicBlog.Articles;
using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Authors.Admin;

[Authorize(Policy = Permissions.ManageAuthors)]
internal sealed class DeleteModel(AuthorBioEditor editor, ClinicBlogDbContext db) : PageModel
{
    public AuthorBio Bio { get; private set; } = null!;
    public int ArticleCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var opened = await editor.OpenAsync(Actor.From(User), id, ct);
        if (opened.Outcome == WorkflowOutcome.NotFound) return NotFound();
        if (!opened.Succeeded) return Forbid();
        Bio = opened.Item!;
        ArticleCount = await db.Articles.CountAsync(a => a.AuthorBioId == id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var deleted = await editor.DeleteAsync(Actor.From(User), id, ct);
        switch (deleted.Outcome)
        {
            case WorkflowOutcome.NotFound: return NotFound();
            case WorkflowOutcome.Forbidden: return Forbid();
            case WorkflowOutcome.Done:
                TempData["Status"] = $"“{deleted.Item!.DisplayName}” is deleted.";
                return Redirect("/admin/authors");
            default:
                TempData["Status"] = deleted.Error;
                return Redirect($"/admin/authors/{id}");
        }
    }
}
