using ClinicBlog.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Comments.Pages;

/// <summary>Posting a comment, and the form on a page of its own: to reply without JavaScript, or to fix what a post got wrong.</summary>
/// <remarks>
/// Antiforgery is checked by hand: article pages are shared (cached) and may reach a reader without a token when
/// JavaScript is off. Such a post is not refused: the form comes back with the text kept and a token, to send again.
/// </remarks>
[IgnoreAntiforgeryToken]
internal sealed class RespondModel(
    ClinicBlogDbContext db,
    CommentsSectionBuilder builder,
    CommentPoster poster,
    ReaderCookies cookies,
    IAntiforgery antiforgery) : PageModel
{
    public string ArticleTitle { get; private set; } = "";
    public string Slug { get; private set; } = "";
    public CommentFormView? Form { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, long? replyto, CancellationToken ct)
    {
        var article = await FindAsync(slug, ct);
        if (article is null) return NotFound();
        var policy = await builder.PolicyAsync(ct);
        if (!await builder.AreOpenAsync(policy, article.CommentsOpen, article.PublishedUtc, ct)) return Page();

        string? replyToName = null;
        if (replyto is { } parentId)
        {
            replyToName = await ApprovedAuthorAsync(parentId, article.ContentItemId, ct);
            if (replyToName is null) return NotFound();
        }

        Form = await builder.FormAsync(HttpContext, article.ContentItemId, slug, new CommentForm { ParentId = replyToName is null ? null : replyto },
            null, personal: true, replyToName, policy.Settings.MaxLength, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, [FromForm] CommentForm input, CancellationToken ct)
    {
        var article = await FindAsync(slug, ct);
        if (article is null) return NotFound();
        var policy = await builder.PolicyAsync(ct);

        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return await ShowAgainAsync(article, input, StatusCodes.Status400BadRequest, policy.Settings.MaxLength,
                new Dictionary<string, string> { [""] = "Your comment is not posted yet: please check it and press Post Comment once more." }, ct);
        }

        var outcome = await poster.PostAsync(slug, input, User, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        switch (outcome.Result)
        {
            case PostResult.Posted:
                if (User.Identity?.IsAuthenticated != true)
                {
                    if (input.SaveDetails)
                        cookies.SaveCommenter(HttpContext, new SavedCommenter(input.Name?.Trim() ?? "", input.Email?.Trim() ?? "", input.Website?.Trim() ?? ""));
                    else
                        ReaderCookies.ForgetCommenter(HttpContext);
                }

                if (outcome.Status != CommentStatus.Approved) cookies.AddPending(HttpContext, outcome.CommentId!.Value);
                return Redirect($"/articles/{slug}#comment-{outcome.CommentId}");
            case PostResult.NotFound:
                return NotFound();
            default:
                var status = outcome.Result switch
                {
                    PostResult.TooFast => StatusCodes.Status429TooManyRequests,
                    PostResult.Duplicate => StatusCodes.Status409Conflict,
                    PostResult.Closed => StatusCodes.Status403Forbidden,
                    _ => StatusCodes.Status400BadRequest,
                };
                return await ShowAgainAsync(article, input, status, policy.Settings.MaxLength, outcome.Errors!, ct);
        }
    }

    private async Task<IActionResult> ShowAgainAsync(ArticleRow article, CommentForm input, int status, int maxLength,
        IReadOnlyDictionary<string, string> errors, CancellationToken ct)
    {
        // A reply target the reader may not see (pending, spam, another article's) is treated as missing: its
        // commenter's name must not show, and the text comes back as a new comment.
        var replyToName = input.ParentId is { } parentId ? await ApprovedAuthorAsync(parentId, article.ContentItemId, ct) : null;
        if (replyToName is null) input.ParentId = null;

        // The honeypot is never sent back: a person never filled it.
        input.Url = null;
        Form = await builder.FormAsync(HttpContext, article.ContentItemId, article.Slug, input, errors, personal: true, replyToName, maxLength, ct);
        Response.StatusCode = status;
        return Page();
    }

    private Task<string?> ApprovedAuthorAsync(long commentId, string articleId, CancellationToken ct) =>
        db.Comments.AsNoTracking().Where(c => c.Id == commentId && c.ArticleId == articleId && c.Status == CommentStatus.Approved)
            .Select(c => c.AuthorName).FirstOrDefaultAsync(ct);

    private async Task<ArticleRow?> FindAsync(string slug, CancellationToken ct)
    {
        var row = await db.Articles.AsNoTracking().Where(a => a.Published != null && a.Published.Slug == slug)
            .Select(a => new ArticleRow(a.ContentItemId, a.Published!.Title, a.Published.Slug, a.CommentsOpen, a.PublishedUtc))
            .FirstOrDefaultAsync(ct);
        if (row is not null)
        {
            ArticleTitle = row.Title;
            Slug = row.Slug;
        }

        return row;
    }

    private sealed record ArticleRow(string ContentItemId, string Title, string Slug, bool CommentsOpen, DateTime? PublishedUtc);
}
