using ClinicBlog.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Authors.Pages;

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
        return Page();
    }
}
