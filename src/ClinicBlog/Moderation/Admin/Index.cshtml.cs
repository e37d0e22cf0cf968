using System.Globalization;
using ClinicBlog.Comments;
using ClinicBlog.Content;
using ClinicBlog.Privacy;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Moderation.Admin;

/// <summary>The moderation queue: a status tab, searched and paged; actions on one comment or on a selection.</summary>
/// <remarks>
/// Every action is a plain form POST answered with a 303 back to the same tab, page and search. moderation.js sends
/// the same forms with <c>Accept: application/json</c> and gets the new counts and the changed ids instead.
/// </remarks>
[Authorize(Policy = Permissions.ModerateComments)]
internal sealed class IndexModel(
    QueueListing listing,
    ModerationQueue queue,
    EmailProtector emails,
    MarkdownRenderer markdown,
    SiteBranding branding) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "name")] public string? Name { get; set; }
    [BindProperty(SupportsGet = true, Name = "email")] public string? Email { get; set; }
    [BindProperty(SupportsGet = true, Name = "article")] public string? Article { get; set; }
    [BindProperty(SupportsGet = true, Name = "before")] public string? Before { get; set; }
    [BindProperty(SupportsGet = true, Name = "after")] public string? After { get; set; }

    /// <summary>"all" checks every box on the page: select-all without JavaScript.</summary>
    [BindProperty(SupportsGet = true, Name = "select")] public string? Select { get; set; }

    public CommentStatus Status { get; private set; }
    public IReadOnlyDictionary<CommentStatus, int> Counts { get; private set; } = new Dictionary<CommentStatus, int>();
    public IReadOnlyList<QueueRowView> Rows { get; private set; } = [];
    /// <summary>The article the queue is narrowed to, if any (chosen from a row, not from a list of every article).</summary>
    public ArticleOption? ArticleFilter { get; private set; }
    public QueueCursor? Older { get; private set; }
    public QueueCursor? Newer { get; private set; }
    public bool CanSeeEmails { get; private set; }
    public bool SelectAll => Select == "all";
    public bool Searching => !string.IsNullOrWhiteSpace(Text) || !string.IsNullOrWhiteSpace(Name)
        || (CanSeeEmails && !string.IsNullOrWhiteSpace(Email)) || !string.IsNullOrWhiteSpace(Article);

    /// <summary>This page's address without the select-all switch: where actions come back to.</summary>
    public string ReturnUrl => Link(Status, QueueCursor.Parse(Before), QueueCursor.Parse(After));

    public async Task OnGetAsync(CancellationToken ct)
    {
        Status = QueueTabs.Parse(Tab) ?? CommentStatus.Pending;
        CanSeeEmails = QueueRows.CanSeeEmails(User);
        // An exact address is looked up by its keyed hash, like everywhere else; without the permission it is ignored.
        var emailHash = CanSeeEmails && !string.IsNullOrWhiteSpace(Email) ? await emails.HashAsync(Email, ct) : null;
        var filter = new QueueFilter(Status, Text, Name, emailHash, string.IsNullOrWhiteSpace(Article) ? null : Article.Trim(), CanSeeEmails);

        var page = await listing.PageAsync(filter, QueueCursor.Parse(Before), QueueCursor.Parse(After), ct);
        Counts = await queue.CountsAsync(ct);
        ArticleFilter = filter.ArticleId is { } articleId ? await listing.ArticleAsync(articleId, ct) : null;
        Rows = QueueRows.Build(page.Items, markdown, await branding.GetAsync(ct), CanSeeEmails ? emails : null);
        Older = page.Older;
        Newer = page.Newer;
    }

    public async Task<IActionResult> OnPostActAsync(
        [FromForm(Name = "Do")] string? what,
        [FromForm(Name = "Ids")] long[]? ids,
        [FromForm] bool confirmed,
        [FromForm] string? returnUrl,
        [FromForm(Name = "Tab")] string? tab,
        CancellationToken ct)
    {
        var back = QueueRows.SafeReturn(Url, returnUrl);
        var json = QueueRows.WantsJson(Request);
        ids ??= [];

        if (string.Equals(what, "empty", StringComparison.OrdinalIgnoreCase))
        {
            if (QueueTabs.Parse(tab) is not { } status || !QueueTabs.CanEmpty(status))
                return await RefuseAsync(json, back, "Only Spam and Trash can be emptied.", ct);
            if (!confirmed)
            {
                return json
                    ? await RefuseAsync(json, back, "Please confirm before emptying.", ct)
                    : QueueRows.SeeOther(Response, $"/admin/comments/empty?status={QueueTabs.Slug(status)}&returnUrl={Uri.EscapeDataString(back)}");
            }

            var emptied = await queue.EmptyAsync(status, ct);
            return await DoneAsync(json, back, emptied, QueueMessages.Emptied(status, emptied.Count), ct);
        }

        if (QueueMessages.ParseAction(what) is not { } action)
            return await RefuseAsync(json, back, "That action is not known. Please use one of the buttons.", ct);
        if (ids.Length == 0)
            return await RefuseAsync(json, back, "Please select at least one comment first.", ct);
        if (action == QueueAction.Delete && !confirmed)
        {
            if (json) return await RefuseAsync(json, back, "Please confirm before deleting.", ct);
            var query = string.Join("&", ids.Distinct().Select(id => "ids=" + id.ToString(CultureInfo.InvariantCulture)));
            return QueueRows.SeeOther(Response, $"/admin/comments/delete?{query}&returnUrl={Uri.EscapeDataString(back)}");
        }

        var selected = ids.Distinct().ToArray();
        var changed = await queue.ApplyAsync(action, selected, ct);
        return await DoneAsync(json, back, changed, QueueMessages.Done(action, selected.Length, changed.Count), ct);
    }

    private async Task<IActionResult> DoneAsync(bool json, string back, IReadOnlyList<long> changed, string message, CancellationToken ct)
    {
        if (json) return new JsonResult(new { counts = await CountsJsonAsync(ct), changed, message });
        TempData["Status"] = message;
        return QueueRows.SeeOther(Response, back);
    }

    private async Task<IActionResult> RefuseAsync(bool json, string back, string message, CancellationToken ct)
    {
        if (json)
            return new JsonResult(new { counts = await CountsJsonAsync(ct), changed = Array.Empty<long>(), message }) { StatusCode = StatusCodes.Status400BadRequest };
        TempData["Status"] = message;
        return QueueRows.SeeOther(Response, back);
    }

    private async Task<Dictionary<string, int>> CountsJsonAsync(CancellationToken ct) =>
        (await queue.CountsAsync(ct)).ToDictionary(c => QueueTabs.Slug(c.Key), c => c.Value);

    /// <summary>An address of the queue keeping this search: another tab (first page), or another page of this one.</summary>
    /// <param name="article">Another article filter than this page's ("" for none).</param>
    public string Link(CommentStatus status, QueueCursor? before = null, QueueCursor? after = null, bool selectAll = false, string? article = null)
    {
        var query = new List<KeyValuePair<string, string?>> { new("status", QueueTabs.Slug(status)) };
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query.Add(new(key, value.Trim()));
        }

        Add("q", Text);
        Add("name", Name);
        if (CanSeeEmails) Add("email", Email);
        Add("article", article ?? Article);
        Add("before", before?.ToString());
        Add("after", after?.ToString());
        if (selectAll) Add("select", "all");
        return "/admin/comments" + QueryString.Create(query);
    }

    /// <summary>This tab, searched as now, narrowed to one article's comments.</summary>
    public string ArticleLink(string articleId) => Link(Status, article: articleId);

    /// <summary>This tab, searched as now, on every article.</summary>
    public string WithoutArticle => Link(Status, article: "");

    /// <summary>This page again with every box checked.</summary>
    public string SelectAllUrl => Link(Status, QueueCursor.Parse(Before), QueueCursor.Parse(After), selectAll: true);
}
