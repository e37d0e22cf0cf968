using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Articles.Admin;

[Authorize(Policy = ArticlesFeature.EditorPolicy)]
internal sealed class IndexModel(ArticleList list) : PageModel
{
    public ArticleFilter Status { get; private set; }
    public string? Search { get; private set; }
    public ArticlePage Result { get; private set; } = null!;

    // Query parameters rather than bound properties: "page" is also the route value naming the Razor page.
    public async Task OnGetAsync([FromQuery(Name = "status")] ArticleFilter? status, [FromQuery(Name = "q")] string? q,
        [FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        Status = status ?? ArticleFilter.All;
        Search = q;
        Result = await list.ListAsync(Actor.From(User), Status, Search, page ?? 1, ct);
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
