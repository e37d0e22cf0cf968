using ClinicBlog.Content;
using ClinicBlog.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Admin;

/// <summary>The live preview: Markdown in, the sanitized HTML fragment the public page would show out.</summary>
/// <remarks>A POST with the antiforgery token, like every dashboard form; it reads and writes nothing stored.</remarks>
[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class PreviewModel(DashboardPreview preview) : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public Task<IActionResult> OnPostAsync([FromForm(Name = "markdown")] string? text, CancellationToken ct) =>
        preview.FragmentAsync(Response, text, ContentLimits.Article.Markdown, ct);
}
