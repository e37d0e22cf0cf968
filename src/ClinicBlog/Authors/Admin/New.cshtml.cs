using ClinicBlog.Dashboard;
using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ClinicBlog.Authors.Admin;

[Authorize(Policy = Permissions.ManageAuthors)]
internal sealed class NewModel(AuthorBioEditor editor, ClinicBlogDbContext db, DashboardPreview preview)
    : AuthorEditorPage(editor, db, preview)
{
    public Task OnGetAsync(CancellationToken ct) => PrepareAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await Editor.CreateAsync(Actor, Input, ct);
        if (!created.Succeeded) return await RefusedAsync(created, ct);
        var id = created.Item!.ContentItemId;
        if (!string.IsNullOrEmpty(Input.UserId))
        {
            var linked = await Editor.LinkAsync(Actor, id, Input.UserId, ct);
            if (!linked.Succeeded)
            {
                TempData["Status"] = $"“{created.Item.DisplayName}” is added, but not linked to the account: {linked.FieldErrors.Values.FirstOrDefault() ?? linked.Error}";
                return Redirect($"/admin/authors/{id}");
            }
        }

        TempData["Status"] = $"“{created.Item.DisplayName}” is added.";
        return Redirect($"/admin/authors/{id}");
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await PrepareAsync(ct);
        return Page();
    }
}
