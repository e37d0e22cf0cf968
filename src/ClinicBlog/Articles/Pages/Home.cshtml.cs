using ClinicBlog.Caching;
using ClinicBlog.Site;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Pages;

[OutputCache(PolicyName = PublicPageCachePolicy.Name)]
internal sealed class HomeModel(ArticleQueries articles, SiteBranding branding) : PageModel
{
    public IReadOnlyList<ArticleSummary> Articles { get; private set; } = [];
    public int CurrentPage { get; private set; } = 1;
    public int TotalPages { get; private set; } = 1;
    public SiteBrand Brand { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        if (pageNumber is < 1) return NotFound();
        CurrentPage = pageNumber ?? 1;
        (Articles, TotalPages) = await articles.HomePageAsync(CurrentPage, ct);
        if (CurrentPage > TotalPages) return NotFound();
        Brand = await branding.GetAsync(ct);
        PageCache.Tag(HttpContext, PageTags.ArticleList);
        return Page();
    }
}
