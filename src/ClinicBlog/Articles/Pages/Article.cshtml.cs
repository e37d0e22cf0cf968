using ClinicBlog.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Pages;

internal sealed class ArticleModel(ArticleQueries articles, SiteBranding branding) : PageModel
{
    public ArticleView Article { get; private set; } = null!;
    public SiteBrand Brand { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        Brand = await branding.GetAsync(ct);
        switch (await articles.BySlugAsync(slug, Brand.GuestLinkRel, ct))
        {
            case ArticleLookup.Found found:
                Article = found.Article;
                return Page();
            case ArticleLookup.Moved moved:
                return RedirectPermanent($"/articles/{moved.Slug}");
            default:
                return NotFound();
        }
    }
}
