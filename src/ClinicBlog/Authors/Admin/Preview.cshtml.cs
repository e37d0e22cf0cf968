using ClinicBlog.Content;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Authors.Admin;

/// <summary>The bio's live preview: the same pipeline as the "About the Author" box.</summary>
[Authorize(Policy = Permissions.ManageAuthors)]
internal sealed class PreviewModel(MarkdownRenderer markdown, SiteBranding branding) : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "markdown")] string? text, CancellationToken ct)
    {
        if ((text?.Length ?? 0) > AuthorBioEditor.MaxBioLength) return StatusCode(StatusCodes.Status413PayloadTooLarge);
        var brand = await branding.GetAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return Content(markdown.RenderArticle(text ?? "", brand.GuestLinkRel), "text/html; charset=utf-8");
    }
}
