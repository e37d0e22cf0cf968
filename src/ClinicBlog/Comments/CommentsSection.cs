using System.Security.Claims;
using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Comments;

/// <summary>The "Leave a Reply" form as one reader sees it.</summary>
/// <param name="Personal">Rendered for this reader alone (token, stamp, saved details); otherwise the page is shared and a script fetches them.</param>
/// <param name="Token">The antiforgery token of a personal form.</param>
internal sealed record CommentFormView(
    string Slug,
    CommentForm Input,
    CommentFieldRules Rules,
    IReadOnlyDictionary<string, string> Errors,
    bool Personal,
    AntiforgeryTokenSet? Token,
    string? Stamp,
    string? SignedInName,
    string? ReplyToName,
    int MaxLength)
{
    public string? Error(string field) => Errors.TryGetValue(field, out var e) ? e : null;

    public string? FormError => Error("");
}

/// <summary>The comments under an article: the thread, and the form while comments are open.</summary>
internal sealed record CommentsSectionView(string Slug, bool Open, ThreadPage Thread, CommentFormView? Form, SiteBrand Brand);

/// <summary>Builds comment forms and sections; used by the article page (through the view component) and the reply page.</summary>
internal sealed class CommentsSectionBuilder(
    ClinicBlogDbContext db,
    ContentDefinitions definitions,
    CommentThread thread,
    TimeTrap timeTrap,
    ReaderCookies cookies,
    CommentFormTokens tokens,
    IOptions<CommentHosting> hosting,
    PageDataCache cache,
    TimeProvider clock)
{
    public async Task<CommentPolicy> PolicyAsync(CancellationToken ct) =>
        new(await CommentPolicySource.ReadAsync(db, cache, ct), hosting.Value.AbuseControls == AbuseControls.On);

    public async Task<bool> AreOpenAsync(CommentPolicy policy, bool articleAllows, DateTime? publishedUtc, CancellationToken ct) =>
        policy.AreCommentsOpen(await TypeHasCommentsAsync(ct), articleAllows, publishedUtc, clock.GetUtcNow().UtcDateTime);

    public Task<bool> TypeHasCommentsAsync(CancellationToken ct) =>
        definitions.TypeHasPartAsync(ContentDefinitions.GuestArticle, ContentDefinitions.CommentsPart, ct);

    /// <summary>The form for a reader. <paramref name="personal"/> forms carry the antiforgery token and the time-trap stamp.</summary>
    public async Task<CommentFormView> FormAsync(HttpContext http, string articleId, string slug, CommentForm? posted,
        IReadOnlyDictionary<string, string>? errors, bool personal, string? replyToName, int maxLength, CancellationToken ct)
    {
        var input = posted ?? new CommentForm();
        // The name from the sign-in's claims (renewed every minute), not the database: no account lookup per page.
        var signedInName = http.User.Identity?.IsAuthenticated == true
            ? http.User.FindFirstValue(DisplayNameClaim.Type) ?? http.User.Identity.Name
            : null;
        if (signedInName is null && posted is null && personal && cookies.Commenter(http.Request) is { } saved)
        {
            input.Name = saved.Name;
            input.Email = saved.Email;
            input.Website = saved.Website;
            input.SaveDetails = true;
        }

        var rules = CommentFieldRules.From(await definitions.FieldsOfPartAsync(ContentDefinitions.Comment, ct));
        var stamp = personal ? timeTrap.Keep(posted?.Stamp, articleId) : null;
        var token = personal ? tokens.For(http) : null;
        return new CommentFormView(slug, input, rules, errors ?? new Dictionary<string, string>(), personal, token, stamp, signedInName, replyToName, maxLength);
    }

    public Task<ThreadPage> ThreadAsync(HttpContext http, string articleId, int page, int maxDepth, CancellationToken ct) =>
        thread.ReadAsync(articleId, page, maxDepth, cookies.PendingIds(http.Request), ct);
}

/// <summary>Renders the comment section under an article.</summary>
/// <remarks>MVC finds only public view components; its services are internal, so it asks for them rather than taking them in a constructor.</remarks>
public sealed class CommentsViewComponent : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string articleId, string slug, bool commentsOpen, DateTime publishedUtc)
    {
        var ct = HttpContext.RequestAborted;
        var builder = HttpContext.RequestServices.GetRequiredService<CommentsSectionBuilder>();
        var branding = HttpContext.RequestServices.GetRequiredService<SiteBranding>();
        if (!await builder.TypeHasCommentsAsync(ct)) return Content("");
        var policy = await builder.PolicyAsync(ct);
        var open = await builder.AreOpenAsync(policy, commentsOpen, publishedUtc, ct);
        var personal = HttpContext.User.Identity?.IsAuthenticated == true || ReaderCookies.HasPersonalCookie(HttpContext.Request);
        var page = int.TryParse(HttpContext.Request.Query["cpage"], out var p) ? p : 1;
        var thread = await builder.ThreadAsync(HttpContext, articleId, page, policy.Settings.MaxDepth, ct);
        var form = open
            ? await builder.FormAsync(HttpContext, articleId, slug, null, null, personal, null, policy.Settings.MaxLength, ct)
            : null;
        return View("/Comments/Pages/_CommentsSection.cshtml", new CommentsSectionView(slug, open, thread, form, await branding.GetAsync(ct)));
    }
}

/// <summary>One text field of the comment form.</summary>
internal sealed record CommentFieldView(string Field, string Label, string Type, string Autocomplete, string? Value, bool Required, string Hint, string? Error);
