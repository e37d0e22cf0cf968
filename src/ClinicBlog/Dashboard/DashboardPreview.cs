using ClinicBlog.Content;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClinicBlog.Dashboard;

/// <summary>The editors' previews of an article or a bio: the public pages' Markdown pipeline and link rules.</summary>
internal sealed class DashboardPreview(MarkdownRenderer markdown, SiteBranding branding)
{
    /// <summary>Markdown as readers would see it.</summary>
    public async Task<string> HtmlAsync(string? text, CancellationToken ct) =>
        markdown.RenderArticle(text ?? "", (await branding.GetAsync(ct)).GuestLinkRel);

    /// <summary>The live preview's answer: the fragment, kept by no cache; 413 beyond <paramref name="maxLength"/> characters.</summary>
    public async Task<IActionResult> FragmentAsync(HttpResponse response, string? text, int maxLength, CancellationToken ct)
    {
        if ((text?.Length ?? 0) > maxLength) return new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
        var html = await HtmlAsync(text, ct);
        response.Headers.CacheControl = "no-store";
        return new ContentResult { Content = html, ContentType = "text/html; charset=utf-8" };
    }
}
