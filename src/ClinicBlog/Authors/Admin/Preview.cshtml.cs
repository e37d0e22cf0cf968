using ClinicBlog.Content;
using ClinicBlog.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Authors.Admin;

/// <summary>The bio's live preview: the same pipeline as the "About the Author" box.</summary>
[Authorize(Policy = Permissions.ManageAuthors)]
internal sealed class PreviewModel(DashboardPreview preview) : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public Task<IActionResult> OnPostAsync([FromForm(Name = "markdown")] string? text, CancellationToken ct) =>
        preview.FragmentAsync(Response, text, ContentLimits.Author.Bio, ct);
}
