using ClinicBlog.Caching;
using ClinicBlog.Site;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Pages;

[OutputCache(PolicyName = PublicPageCachePolicy.Name)]
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
                PageCache.Tag(HttpContext, PageTags.Article(Article.ContentItemId), PageTags.Author(Article.AuthorId));
                return Page();
            case ArticleLookup.Moved moved:
                return RedirectPermanent($"/articles/{moved.Slug}");
            default:
                return NotFound();
        }
    }
}
