using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ClinicBlog.Comments;
using ClinicBlog.Tests.Comments.Support;

namespace ClinicBlog.Tests.Comments;

/// <summary>The per-IP rate limit (ASP.NET Core's limiter, on real time): a reader posting too often is told so, text kept.</summary>
public sealed class CommentRateLimitTests(CommentsSiteWithLowRateLimit site) : IClassFixture<CommentsSiteWithLowRateLimit>
{
    [Fact]
    public async Task Posting_more_often_than_the_limit_is_429_with_the_text_kept()
    {
        using var reader = site.NewReader();
        for (var i = 0; i < CommentsSiteWithLowRateLimit.PostsPerMinute; i++)
            await reader.PostAsync(new CommentsDraft { Email = $"rate.{i}@example.com", Body = $"Comment number {i}." }); // 20 s apart: no flood.

        using var refused = await reader.FillAndSendAsync(new CommentsDraft { Name = "Eager Reader", Email = "rate.last@example.com", Body = "One too many." });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var page = CommentsReader.Parse(await refused.Content.ReadAsStringAsync());
        Assert.StartsWith("You are commenting too fast", page.QuerySelector(".form-errors[role=alert]")?.TextContent.Trim());
        Assert.Equal("One too many.", page.QuerySelector<IHtmlTextAreaElement>("#comment-Body")!.Value);
        Assert.Equal("Eager Reader", page.QuerySelector<IHtmlInputElement>("#comment-Name")!.Value);
        Assert.Equal("rate.last@example.com", page.QuerySelector<IHtmlInputElement>("#comment-Email")!.Value);

        // The limit is per address: another reader is not held back.
        using var other = site.NewReader();
        await other.PostAsync(new CommentsDraft { Email = "rate.other@example.com", Body = "From elsewhere." });
    }

    [Fact]
    public async Task Refused_forms_do_not_use_up_the_limit()
    {
        using var reader = site.NewReader();
        for (var i = 0; i < 5; i++)
        {
            using var invalid = await reader.FillAndSendAsync(new CommentsDraft { Email = "not-an-address", Body = $"Typo {i}." });
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        await reader.PostAsync(new CommentsDraft { Email = "fixed.typo@example.com", Body = "Fixed my address at last." });
    }
}

/// <summary>AbuseControls Off (for load tests): no time trap, no flood interval, no rate limit, and the policy still holds comments.</summary>
public sealed class CommentAbuseControlsOffTests(CommentsSiteWithoutAbuseControls site) : IClassFixture<CommentsSiteWithoutAbuseControls>
{
    [Fact]
    public async Task A_post_sent_at_once_is_held_not_spam()
    {
        using var reader = site.NewReader();
        using var response = await reader.FillAndSendAsync(new CommentsDraft { Email = "load.test@example.com", Body = "Sent 0 s after the form." }, fillSeconds: 0);

        var stored = await site.CommentAsync(CommentsReader.AcceptedId(response));
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal("held: every comment is reviewed", stored.ModerationReason);
    }

    [Fact]
    public async Task Many_posts_from_one_address_and_one_email_all_succeed_at_once()
    {
        using var reader = site.NewReader();
        var state = await reader.StateAsync();
        for (var i = 0; i < 12; i++) // The site's limit is 2 a minute, and the clock does not move.
        {
            using var response = await reader.SendAsync(new CommentsDraft { Email = "load.same@example.com", Body = $"Load comment {i}." }.With(state));
            Assert.Equal(CommentStatus.Pending, (await site.CommentAsync(CommentsReader.AcceptedId(response))).Status);
        }
    }

    [Fact]
    public async Task The_honeypot_and_duplicates_still_count()
    {
        using var reader = site.NewReader();
        var state = await reader.StateAsync();
        using var bot = await reader.SendAsync(new CommentsDraft { Email = "load.bot@example.net", Body = "Bot under load.", Url = "x" }.With(state));
        Assert.Equal(CommentStatus.Spam, (await site.CommentAsync(CommentsReader.AcceptedId(bot))).Status);

        using var once = await reader.SendAsync(new CommentsDraft { Email = "load.twice@example.com", Body = "Only once." }.With(state));
        CommentsReader.AcceptedId(once);
        using var twice = await reader.SendAsync(new CommentsDraft { Email = "load.twice@example.com", Body = "Only once." }.With(state));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public void The_site_warns_at_start_that_abuse_controls_are_off()
    {
        Assert.Contains(site.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("AbuseControls is Off", StringComparison.Ordinal));
    }
}
