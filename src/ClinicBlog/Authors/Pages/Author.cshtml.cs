using ClinicBlog.Caching;
using ClinicBlog.Site;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Authors.Pages;

[OutputCache(PolicyName = PublicPageCachePolicy.Name)]
internal sealed class AuthorModel(AuthorQueries authors, SiteBranding branding) : PageModel
{
    public AuthorPageView Author { get; private set; } = null!;
    public SiteBrand Brand { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        Brand = await branding.GetAsync(ct);
        var author = await authors.BySlugAsync(slug, Brand.GuestLinkRel, ct);
        if (author is null) return NotFound();
        Author = author;
        PageCache.Tag(HttpContext, PageTags.Author(author.Id), PageTags.ArticleList);
        return Page();
    }
}
