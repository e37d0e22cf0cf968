using System.Security.Claims;
using System.Threading.RateLimiting;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Privacy;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Comments;

internal enum PostResult
{
    Posted,
    Invalid,
    Closed,
    TooFast,
    Duplicate,
    NotFound,
}

/// <summary>What became of a post. <see cref="Errors"/> are by form field ("" for the form as a whole).</summary>
internal sealed record PostOutcome(PostResult Result, long? CommentId = null, CommentStatus? Status = null,
    IReadOnlyDictionary<string, string>? Errors = null)
{
    public static PostOutcome Fail(PostResult result, string field, string message) =>
        new(result, Errors: new Dictionary<string, string> { [field] = message });
}

/// <summary>The per-IP rate limit on posting (ASP.NET Core's rate limiter; per node, the flood check covers all nodes).</summary>
internal sealed class CommentRateLimiter(IOptions<CommentHosting> hosting) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetSlidingWindowLimiter(ip, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, hosting.Value.PostsPerMinutePerIp),
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    public bool TryAcquire(string ip)
    {
        using var lease = limiter.AttemptAcquire(ip);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}

/// <summary>Takes a reader's comment from form to database: validation, abuse checks, the policy, storage, then mail.</summary>
internal sealed class CommentPoster(
    ClinicBlogDbContext db,
    ContentDefinitions definitions,
    EmailProtector emails,
    TimeTrap timeTrap,
    CommentRateLimiter rateLimiter,
    CommentNotifications notifications,
    MailDispatcher mail,
    UserManager<ClinicBlogUser> users,
    IOptions<CommentHosting> hosting,
    TimeProvider clock,
    PageCache cache,
    PageDataCache pageData,
    ILogger<CommentPoster> logger)
{
    public const string TooFastMessage = "You are commenting too fast. Please wait a few seconds, then send your comment again.";

    public async Task<PostOutcome> PostAsync(string slug, CommentForm form, ClaimsPrincipal principal, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var article = await db.Articles.AsNoTracking()
            .Where(a => a.Published != null && a.Published.Slug == slug)
            .Select(a => new { a.ContentItemId, a.CommentsOpen, a.PublishedUtc })
            .FirstOrDefaultAsync(ct);
        if (article is null) return new PostOutcome(PostResult.NotFound);

        var settings = await CommentPolicySource.ReadAsync(db, pageData, ct);
        var abuseControls = hosting.Value.AbuseControls == AbuseControls.On;
        var policy = new CommentPolicy(settings, abuseControls);
        var typeHasComments = await definitions.TypeHasPartAsync(ContentDefinitions.GuestArticle, ContentDefinitions.CommentsPart, ct);
        if (!policy.AreCommentsOpen(typeHasComments, article.CommentsOpen, article.PublishedUtc, now))
            return PostOutcome.Fail(PostResult.Closed, "", "Comments are closed on this article.");

        var user = principal.Identity?.IsAuthenticated == true ? await users.GetUserAsync(principal) : null;
        var rules = CommentFieldRules.From(await definitions.FieldsOfPartAsync(ContentDefinitions.Comment, ct));
        var errors = CommentValidation.Validate(form, rules, settings.MaxLength, signedIn: user is not null);
        if (errors.Count > 0) return new PostOutcome(PostResult.Invalid, Errors: errors);

        var body = form.Body!.Trim();
        if (form.ParentId is { } parentId
            && !await db.Comments.AnyAsync(c => c.Id == parentId && c.ArticleId == article.ContentItemId && c.Status == CommentStatus.Approved, ct))
        {
            return PostOutcome.Fail(PostResult.Invalid, nameof(CommentForm.Body), "The comment you are replying to is no longer there. Your text is kept below: you can post it as a new comment.");
        }

        if (abuseControls && !rateLimiter.TryAcquire(ip ?? "unknown"))
            return PostOutcome.Fail(PostResult.TooFast, "", TooFastMessage);

        var name = user?.DisplayName ?? form.Name?.Trim() ?? "";
        var email = user?.Email ?? form.Email?.Trim() ?? "";
        var emailHash = email.Length > 0 ? await emails.HashAsync(email, ct) : "";
        var ipHash = await emails.HashIpAsync(ip, ct);

        if (abuseControls && settings.FloodIntervalSeconds > 0)
        {
            var floodSince = now.AddSeconds(-settings.FloodIntervalSeconds);
            var recent = await db.Comments.AnyAsync(c => c.CreatedUtc > floodSince
                && ((emailHash != "" && c.EmailHash == emailHash) || c.IpHash == ipHash), ct);
            if (recent) return PostOutcome.Fail(PostResult.TooFast, "", TooFastMessage);
        }

        if (emailHash.Length > 0 && await db.Comments.AnyAsync(c => c.ArticleId == article.ContentItemId && c.EmailHash == emailHash && c.Body == body, ct))
            return PostOutcome.Fail(PostResult.Duplicate, nameof(CommentForm.Body), "Duplicate comment: it looks as though you’ve already said that.");

        var decision = policy.Decide(new CommentCandidate(
            name, email, form.Website, body, ip,
            HoneypotFilled: !string.IsNullOrEmpty(form.Url),
            FillTime: timeTrap.Elapsed(form.Stamp, article.ContentItemId),
            HasApprovedComment: emailHash.Length > 0 && await db.Comments.AnyAsync(c => c.EmailHash == emailHash && c.Status == CommentStatus.Approved, ct),
            WasMarkedSpam: emailHash.Length > 0 && await db.Comments.AnyAsync(c => c.EmailHash == emailHash && c.SpamByModerator, ct)));

        var comment = new Comment
        {
            ArticleId = article.ContentItemId,
            ParentId = form.ParentId,
            AuthorName = name,
            ProtectedEmail = email.Length > 0 ? emails.Protect(email) : "",
            EmailHash = emailHash,
            AuthorWebsite = user is null && !string.IsNullOrWhiteSpace(form.Website) ? CommentValidation.NormalizeWebsite(form.Website) : null,
            UserId = user?.Id,
            Body = body,
            Status = decision.Status,
            ModerationReason = decision.Reason,
            CreatedUtc = now,
            IpHash = ipHash,
            NotifyReplies = form.NotifyReplies && email.Length > 0 && decision.Status != CommentStatus.Spam,
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);

        // Mail goes out after the comment is stored: a mail failure can never lose it. Only a post that may have queued
        // mail wakes the dispatcher: under a burst of held comments, a look at the outbox per post was 7 % of the work.
        if (comment.NotifyReplies || comment.Status == CommentStatus.Approved)
        {
            if (comment.NotifyReplies) await notifications.SubscribeAsync(email, emailHash, ct);
            if (comment.Status == CommentStatus.Approved) await notifications.CommentApprovedAsync(comment, ct);
            await db.SaveChangesAsync(ct);
            mail.Wake();
        }
        if (comment.Status == CommentStatus.Approved) await cache.InvalidateAsync([PageTags.Article(article.ContentItemId)], ct);

        logger.LogDebug("Comment {CommentId} on {ArticleId}: {Reason}", comment.Id, article.ContentItemId, decision.Reason);
        return new PostOutcome(PostResult.Posted, comment.Id, comment.Status);
    }
}
