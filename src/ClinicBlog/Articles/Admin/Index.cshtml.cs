using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Admin;

[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class IndexModel(ArticleList list) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public ArticleFilter Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public ArticlePage Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Section"] = "articles";
        Result = await list.ListAsync(Actor.From(User), Status, Search, PageNumber, ct);
    }

    /// <summary>This list's address with one thing changed; the search and the tab are kept.</summary>
    public string Link(ArticleFilter? status = null, int page = 1, bool withSearch = true)
    {
        var s = status ?? Status;
        var query = new List<string>();
        if (s != ArticleFilter.All) query.Add("status=" + s.ToString().ToLowerInvariant());
        if (withSearch && !string.IsNullOrWhiteSpace(Search)) query.Add("q=" + Uri.EscapeDataString(Search.Trim()));
        if (page > 1) query.Add("page=" + page);
        return "/admin/articles" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }
}
