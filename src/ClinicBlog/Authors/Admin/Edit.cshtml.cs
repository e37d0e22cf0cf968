using ClinicBlog.Articles;
using ClinicBlog.Dashboard;
using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Authors.Admin;

[Authorize(Policy = Permissions.ManageAuthors)]
internal sealed class EditModel(AuthorBioEditor editor, ClinicBlogDbContext db, DashboardPreview preview)
    : AuthorEditorPage(editor, db, preview)
{
    public AuthorBio Bio { get; private set; } = null!;
    public int ArticleCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        Input = new AuthorForm
        {
            DisplayName = Bio.DisplayName,
            Slug = Bio.Slug,
            Credentials = Bio.Credentials,
            Headline = Bio.Headline,
            BioMarkdown = Bio.BioMarkdown,
            WebsiteUrl = Bio.WebsiteUrl,
            WebsiteText = Bio.WebsiteText,
            PhotoUrl = Bio.PhotoUrl,
            NotificationEmail = Editor.NotificationEmail(Actor, Bio),
            UserId = Bio.UserId,
        };
        await PrepareAsync(ct);
        return Page();
    }

    /// <summary>"Save": the bio, then the account link when it changed (each its own audit entry).</summary>
    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        var linkChanged = (Input.UserId ?? "") != (Bio.UserId ?? "");
        var saved = await Editor.SaveAsync(Actor, id, Input, ct);
        if (!saved.Succeeded) return await RefusedAsync(saved, ct);
        if (linkChanged)
        {
            var linked = await Editor.LinkAsync(Actor, id, Input.UserId, ct);
            if (!linked.Succeeded) return await RefusedAsync(linked, ct);
        }

        TempData["Status"] = $"The bio of “{saved.Item!.DisplayName}” is saved.";
        return Redirect($"/admin/authors/{id}");
    }

    public async Task<IActionResult> OnPostPreviewAsync(string id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        ModelState.Clear();
        await PrepareAsync(ct);
        return Page();
    }

    private async Task<IActionResult?> OpenAsync(string id, CancellationToken ct)
    {
        var opened = await Editor.OpenAsync(Actor, id, ct);
        if (opened.Outcome == WorkflowOutcome.NotFound) return NotFound();
        if (!opened.Succeeded) return Forbid();
        Bio = opened.Item!;
        ArticleCount = await Db.Articles.CountAsync(a => a.AuthorBioId == id, ct);
        return null;
    }
}
