using ClinicBlog.Content;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Admin;

/// <summary>The live preview: Markdown in, the sanitized HTML fragment the public page would show out.</summary>
/// <remarks>A POST with the antiforgery token, like every dashboard form; it reads and writes nothing stored.</remarks>
[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class PreviewModel(MarkdownRenderer markdown, SiteBranding branding) : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "markdown")] string? text, CancellationToken ct)
    {
        var brand = await branding.GetAsync(ct);
        if ((text?.Length ?? 0) > PublishingWorkflow.MaxMarkdownLength) return StatusCode(StatusCodes.Status413PayloadTooLarge);
        Response.Headers.CacheControl = "no-store";
        return Content(markdown.RenderArticle(text ?? "", brand.GuestLinkRel), "text/html; charset=utf-8");
    }
}
