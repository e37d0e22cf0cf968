using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Tests.Comments.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Comments;

/// <summary>Posting a comment as a reader does, through the site: what they see, what is kept, what is refused.</summary>
public sealed class CommentPostingTests(CommentsSiteFactory site) : IClassFixture<CommentsSiteFactory>
{
    private const string Slug = CommentsSiteFactory.HotSlug;
    private const string TooFast = "You are commenting too fast. Please wait a few seconds, then send your comment again.";

    [Fact]
    public async Task The_reader_sees_their_comment_awaiting_moderation_and_others_see_it_once_approved()
    {
        using var reader = site.NewReader();
        using var stranger = site.NewReader();
        var countBefore = ApprovedCount(await stranger.ArticleAsync());

        using var response = await reader.FillAndSendAsync(new CommentsDraft
        {
            Name = "Pat Walker", Email = "pat.walker@example.com", Body = "Does IASTM leave bruises on the heel?", SaveDetails = true,
        });
        var id = CommentsReader.AcceptedId(response);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("cb_pending=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cookies, c => c.StartsWith("cb_commenter=", StringComparison.Ordinal));

        // Following the redirect with the reader's cookies.
        var own = await reader.PageAsync(response.Headers.Location!.OriginalString);
        var mine = own.GetElementById($"comment-{id}");
        Assert.NotNull(mine);
        Assert.Contains("Your comment is awaiting moderation.", mine.TextContent);
        Assert.Contains("Does IASTM leave bruises on the heel?", mine.TextContent);
        Assert.Null(mine.QuerySelector(".comment-reply-link")); // Nobody replies to a held comment.
        // The details they asked to save fill the form again, for them alone.
        Assert.Equal("Pat Walker", own.QuerySelector<IHtmlInputElement>("#comment-Name")!.Value);
        Assert.Equal("pat.walker@example.com", own.QuerySelector<IHtmlInputElement>("#comment-Email")!.Value);
        Assert.Equal(countBefore, ApprovedCount(own));

        var shared = await stranger.ArticleAsync();
        Assert.Null(shared.GetElementById($"comment-{id}"));
        Assert.DoesNotContain("bruises on the heel", shared.Source.Text);
        Assert.Equal("", shared.QuerySelector<IHtmlInputElement>("#comment-Email")!.Value);
        Assert.Null(shared.QuerySelector("input[name=__RequestVerificationToken]")); // A shared page holds no one's token.

        Assert.Equal(1, await site.ApproveAsync(id));

        var approved = (await reader.ArticleAsync()).GetElementById($"comment-{id}");
        Assert.NotNull(approved);
        Assert.DoesNotContain("awaiting moderation", approved.TextContent);
        var seen = await stranger.ArticleAsync();
        Assert.Contains("Does IASTM leave bruises on the heel?", seen.GetElementById($"comment-{id}")?.TextContent);
        Assert.Equal("Pat Walker", seen.GetElementById($"comment-{id}")?.QuerySelector(".comment-author")?.TextContent.Trim());
        Assert.Equal(countBefore + 1, ApprovedCount(seen));
    }

    [Fact]
    public async Task Unticking_save_my_details_forgets_them()
    {
        using var reader = site.NewReader();
        await reader.PostAsync(new CommentsDraft { Name = "Sam Saver", Email = "sam.saver@example.com", Body = "Remember me.", SaveDetails = true });
        var remembered = await reader.ArticleAsync();
        Assert.Equal("sam.saver@example.com", remembered.QuerySelector<IHtmlInputElement>("#comment-Email")!.Value);
        Assert.True(remembered.QuerySelector<IHtmlInputElement>("#comment-SaveDetails")!.IsChecked);

        await reader.PostAsync(new CommentsDraft { Name = "Sam Saver", Email = "sam.saver@example.com", Body = "Forget me now." });

        var forgotten = await reader.ArticleAsync();
        Assert.Equal("", forgotten.QuerySelector<IHtmlInputElement>("#comment-Email")!.Value);
        Assert.Equal("", forgotten.QuerySelector<IHtmlInputElement>("#comment-Name")!.Value);
    }

    [Fact]
    public async Task With_auto_approval_a_known_commenter_is_published_at_once_unless_a_moderator_marked_them_as_spam()
    {
        using var reader = site.NewReader();
        var first = await reader.PostAsync(new CommentsDraft { Email = "known.reader@example.com", Body = "My first comment." });
        await site.ApproveAsync(first);
        await site.UpdatePolicyAsync(p => p.AutoApproveKnownCommenters = true);
        try
        {
            using var response = await reader.FillAndSendAsync(new CommentsDraft { Email = "Known.Reader@example.com", Body = "Published at once." });
            var id = CommentsReader.AcceptedId(response);
            Assert.Equal("approved: known commenter", (await site.CommentAsync(id)).ModerationReason);
            Assert.DoesNotContain(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cb_pending=", StringComparison.Ordinal));
            using var stranger = site.NewReader();
            Assert.NotNull((await stranger.ArticleAsync()).GetElementById($"comment-{id}"));

            // A moderator's spam verdict on any of their comments holds the next one.
            await site.ModerateAsync(CommentStatus.Spam, id);
            var held = await reader.PostAsync(new CommentsDraft { Email = "known.reader@example.com", Body = "Held again." });
            var stored = await site.CommentAsync(held);
            Assert.Equal(CommentStatus.Pending, stored.Status);
            Assert.Equal("held: a comment from this email was marked as spam before", stored.ModerationReason);
        }
        finally
        {
            await site.UpdatePolicyAsync(p => p.AutoApproveKnownCommenters = false);
        }
    }

    [Fact]
    public async Task A_refused_post_keeps_everything_typed_and_says_what_is_wrong_beside_the_field()
    {
        using var reader = site.NewReader();
        var state = await reader.StateAsync();
        site.Clock.AdvanceSeconds(30);
        var draft = new CommentsDraft
        {
            Name = "Kim Typist", Email = "kim@", Website = "kim.example.com", Body = "Two lines:\nmy <arch> & heel hurt.",
            SaveDetails = true, NotifyReplies = true, Url = "",
        }.With(state);

        using var response = await reader.SendAsync(draft);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = CommentsReader.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Kim Typist", page.QuerySelector<IHtmlInputElement>("#comment-Name")!.Value);
        Assert.Equal("kim@", page.QuerySelector<IHtmlInputElement>("#comment-Email")!.Value);
        Assert.Equal("kim.example.com", page.QuerySelector<IHtmlInputElement>("#comment-Website")!.Value);
        Assert.Equal("Two lines:\nmy <arch> & heel hurt.", page.QuerySelector<IHtmlTextAreaElement>("#comment-Body")!.Value);
        Assert.True(page.QuerySelector<IHtmlInputElement>("#comment-SaveDetails")!.IsChecked);
        Assert.True(page.QuerySelector<IHtmlInputElement>("#comment-NotifyReplies")!.IsChecked);

        var email = page.QuerySelector("#comment-Email")!;
        Assert.Equal("true", email.GetAttribute("aria-invalid"));
        Assert.Contains("comment-Email-error", email.GetAttribute("aria-describedby")!.Split(' '));
        Assert.Equal("Please enter a valid email address: the part after the @ is missing, like name@example.com.",
            page.GetElementById("comment-Email-error")?.TextContent);
        Assert.Null(page.QuerySelector("#comment-Name")!.GetAttribute("aria-invalid"));
        Assert.Null(page.GetElementById("comment-Name-error"));
        Assert.Contains("Everything you typed is still here", page.QuerySelector(".form-errors[role=alert]")?.TextContent);

        // The same time-trap stamp comes back, so the reader's typing time still counts; and a token to send again.
        var stamp = page.QuerySelector<IHtmlInputElement>("input[name=Stamp]")!.Value;
        Assert.Equal(state.Stamp, stamp);
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;

        // Fixed and sent at once from the form shown again: accepted, and not taken for a bot.
        using var fixedPost = await reader.SendAsync(draft with { Email = "kim@example.com", Stamp = stamp, Token = token });
        var id = CommentsReader.AcceptedId(fixedPost);
        var stored = await site.CommentAsync(id);
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal("https://kim.example.com/", stored.AuthorWebsite);
        Assert.Equal("Two lines:\nmy <arch> & heel hurt.", stored.Body);
    }

    [Fact]
    public async Task A_filled_honeypot_is_stored_as_spam_and_the_bot_is_not_told()
    {
        using var bot = site.NewReader();
        using var response = await bot.FillAndSendAsync(new CommentsDraft
        {
            Name = "Cheap Pills", Email = "honeypot.bot@example.net", Body = "Great post, visit my site", Url = "https://pills.example", NotifyReplies = true,
        });

        var id = CommentsReader.AcceptedId(response); // The same 302 a person gets.
        var stored = await site.CommentAsync(id);
        Assert.Equal(CommentStatus.Spam, stored.Status);
        Assert.Equal("spam: a field hidden from people was filled in (honeypot)", stored.ModerationReason);
        Assert.False(stored.NotifyReplies);
        Assert.DoesNotContain(await site.SendMailAsync(), m => m.To.ToString().Contains("honeypot.bot", StringComparison.Ordinal));
        Assert.Null((await bot.ArticleAsync()).GetElementById($"comment-{id}"));
    }

    [Fact]
    public async Task A_post_sent_2_s_after_the_form_appeared_is_held_for_review_and_shown_to_its_author()
    {
        using var quick = site.NewReader();
        using var fast = await quick.FillAndSendAsync(new CommentsDraft { Email = "quick.reader@example.net", Body = "Thank you!" }, fillSeconds: 2);
        var id = CommentsReader.AcceptedId(fast);
        var held = await site.CommentAsync(id);
        Assert.Equal(CommentStatus.Pending, held.Status);
        Assert.Equal("held: sent 2 s after the form was shown (minimum 3 s)", held.ModerationReason);
        // Its author sees it, marked as awaiting moderation, instead of a cleared form and nothing.
        var own = (await quick.ArticleAsync()).GetElementById($"comment-{id}");
        Assert.NotNull(own);
        Assert.Contains("awaiting moderation", own.TextContent, StringComparison.OrdinalIgnoreCase);

        using var person = site.NewReader();
        using var slow = await person.FillAndSendAsync(new CommentsDraft { Email = "slow.typist@example.com", Body = "Typed in four seconds." }, fillSeconds: 4);
        var reviewed = await site.CommentAsync(CommentsReader.AcceptedId(slow));
        Assert.Equal(CommentStatus.Pending, reviewed.Status);
        Assert.Equal("held: every comment is reviewed", reviewed.ModerationReason);
    }

    [Fact]
    public async Task A_missing_or_borrowed_stamp_is_spam()
    {
        using var noStamp = site.NewReader();
        var state = await noStamp.StateAsync();
        site.Clock.AdvanceSeconds(20);
        using var without = await noStamp.SendAsync(new CommentsDraft { Email = "no.stamp@example.net", Body = "No stamp at all." }.With(state) with { Stamp = null });
        Assert.Equal("spam: the form's time stamp was missing or forged", (await site.CommentAsync(CommentsReader.AcceptedId(without))).ModerationReason);

        // A stamp issued for another article does not count for this one.
        using var borrower = site.NewReader();
        var other = await borrower.StateAsync("massage-therapy-for-your-foot-pain-and-injuries");
        site.Clock.AdvanceSeconds(20);
        using var borrowed = await borrower.SendAsync(new CommentsDraft { Email = "borrowed.stamp@example.net", Body = "Stamp from elsewhere." }.With(other));
        Assert.Equal(CommentStatus.Spam, (await site.CommentAsync(CommentsReader.AcceptedId(borrowed))).Status);
    }

    [Fact]
    public async Task A_second_comment_from_the_same_email_within_15_s_is_refused_with_the_text_kept()
    {
        const string Email = "flood.test@example.com";
        using var first = site.NewReader();
        await first.PostAsync(new CommentsDraft { Email = Email, Body = "First thought." });

        // Another address (IP), the same email, 5 s later.
        using var second = site.NewReader();
        var state = await second.StateAsync();
        site.Clock.AdvanceSeconds(5);
        using var refused = await second.SendAsync(new CommentsDraft { Email = Email, Body = "Second thought, too soon." }.With(state));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var page = CommentsReader.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(TooFast, page.QuerySelector(".form-errors")?.TextContent.Trim());
        Assert.Equal("Second thought, too soon.", page.QuerySelector<IHtmlTextAreaElement>("#comment-Body")!.Value);
        Assert.Equal(Email, page.QuerySelector<IHtmlInputElement>("#comment-Email")!.Value);

        site.Clock.AdvanceSeconds(11); // 16 s after the first comment.
        var stamp = page.QuerySelector<IHtmlInputElement>("input[name=Stamp]")!.Value;
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var accepted = await second.SendAsync(new CommentsDraft { Email = Email, Body = "Second thought, too soon." }.With(state) with { Stamp = stamp, Token = token });
        Assert.Equal(CommentStatus.Pending, (await site.CommentAsync(CommentsReader.AcceptedId(accepted))).Status);
    }

    [Fact]
    public async Task A_second_comment_from_the_same_IP_address_within_15_s_is_refused()
    {
        using var reader = site.NewReader();
        await reader.PostAsync(new CommentsDraft { Email = "ip.flood.one@example.com", Body = "From this address." });

        var state = await reader.StateAsync();
        site.Clock.AdvanceSeconds(10);
        using var refused = await reader.SendAsync(new CommentsDraft { Email = "ip.flood.two@example.com", Body = "Same address, other email." }.With(state));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        site.Clock.AdvanceSeconds(6);
        using var accepted = await reader.SendAsync(new CommentsDraft { Email = "ip.flood.two@example.com", Body = "Same address, other email." }.With(state));
        CommentsReader.AcceptedId(accepted);
    }

    [Fact]
    public async Task The_same_comment_twice_is_refused_as_a_duplicate()
    {
        using var reader = site.NewReader();
        var draft = new CommentsDraft { Email = "said.twice@example.com", Body = "I said this once." };
        await reader.PostAsync(draft);

        using var again = await reader.FillAndSendAsync(draft with { Email = "Said.Twice@Example.com" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var page = CommentsReader.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal("Duplicate comment: it looks as though you’ve already said that.", page.GetElementById("comment-Body-error")?.TextContent);
        Assert.Equal("I said this once.", page.QuerySelector<IHtmlTextAreaElement>("#comment-Body")!.Value);
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_comes_back_with_the_text_and_a_token_to_send_again()
    {
        using var reader = site.NewReader(); // Never fetched the state: JavaScript was off on a cached page.
        var draft = new CommentsDraft { Name = "No Script", Email = "no.script@example.com", Body = "Posted from a cached page without JavaScript." };

        using var first = await reader.SendAsync(draft);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        var page = CommentsReader.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("Your comment is not posted yet: please check it and press Post Comment once more.", page.QuerySelector(".form-errors")?.TextContent.Trim());
        Assert.Equal(draft.Body, page.QuerySelector<IHtmlTextAreaElement>("#comment-Body")!.Value);
        Assert.Equal("No Script", page.QuerySelector<IHtmlInputElement>("#comment-Name")!.Value);
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value;
        var stamp = page.QuerySelector<IHtmlInputElement>("input[name=Stamp]")?.Value;
        Assert.False(string.IsNullOrEmpty(token));
        Assert.False(string.IsNullOrEmpty(stamp));
        Assert.Equal(0, await CountAsync(c => c.Body == draft.Body));

        site.Clock.AdvanceSeconds(20); // Reading it over before pressing Post Comment again.
        using var second = await reader.SendAsync(draft with { TokenField = "__RequestVerificationToken", Token = token, Stamp = stamp });
        Assert.Equal(CommentStatus.Pending, (await site.CommentAsync(CommentsReader.AcceptedId(second))).Status);
    }

    [Fact]
    public async Task A_returning_commenter_keeps_one_token_for_their_cookie_and_it_posts_each_time_for_them_alone()
    {
        using var reader = site.NewReader();
        await reader.PostAsync(new CommentsDraft { Name = "Rita Return", Email = "rita.return@example.com", Body = "My first visit.", SaveDetails = true });

        // Their pages are rendered for them (saved details), each with a token; the second is the one issued for the first.
        var first = await PersonalPageAsync(reader);
        var second = await PersonalPageAsync(reader);
        Assert.Equal("rita.return@example.com", second.Page.QuerySelector<IHtmlInputElement>("#comment-Email")!.Value);
        Assert.False(string.IsNullOrEmpty(first.Token));
        Assert.Equal(first.Token, second.Token);
        Assert.True(second.NoStore, "a page holding a token must say no-store, also when the token is handed out again");

        // The token works for every comment they send from those pages.
        foreach (var body in new[] { "Back again with a question.", "And a follow-up." })
        {
            var stamp = (await PersonalPageAsync(reader)).Page.QuerySelector<IHtmlInputElement>("input[name=Stamp]")!.Value;
            site.Clock.AdvanceSeconds(20);
            using var sent = await reader.SendAsync(new CommentsDraft
            {
                Name = "Rita Return", Email = "rita.return@example.com", Body = body, SaveDetails = true,
                TokenField = "__RequestVerificationToken", Token = first.Token, Stamp = stamp,
            });
            CommentsReader.AcceptedId(sent);
        }

        // Another returning commenter has a cookie of their own, and a token of their own that the first one's cannot stand in for.
        using var other = site.NewReader();
        await other.PostAsync(new CommentsDraft { Name = "Omar Other", Email = "omar.other@example.com", Body = "Me too.", SaveDetails = true });
        var theirs = await PersonalPageAsync(other);
        Assert.NotEqual(first.Token, theirs.Token);
        site.Clock.AdvanceSeconds(20);
        using var borrowed = await other.SendAsync(new CommentsDraft
        {
            Name = "Omar Other", Email = "omar.other@example.com", Body = "With Rita's token.",
            TokenField = "__RequestVerificationToken", Token = first.Token,
            Stamp = theirs.Page.QuerySelector<IHtmlInputElement>("input[name=Stamp]")!.Value,
        });
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        Assert.Equal(0, await CountAsync(c => c.Body == "With Rita's token."));
    }

    private static async Task<(IHtmlDocument Page, string? Token, bool NoStore)> PersonalPageAsync(CommentsReader reader)
    {
        using var response = await reader.Client.GetAsync($"/articles/{Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = CommentsReader.Parse(await response.Content.ReadAsStringAsync());
        return (page, page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value,
            response.Headers.CacheControl is { NoStore: true, NoCache: true });
    }

    [Fact]
    public async Task A_token_from_another_reader_is_not_accepted()
    {
        using var owner = site.NewReader();
        var state = await owner.StateAsync();
        using var thief = site.NewReader();
        await thief.StateAsync(); // Has an antiforgery cookie of its own, which the stolen token does not match.
        site.Clock.AdvanceSeconds(20);

        using var response = await thief.SendAsync(new CommentsDraft { Email = "token.thief@example.net", Body = "With someone else's token." }.With(state));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await CountAsync(c => c.Body == "With someone else's token."));
    }

    [Fact]
    public async Task Comments_on_a_closed_article_are_refused_with_the_text_kept()
    {
        const string ClosedSlug = "instrument-assisted-soft-tissue-mobilization-iastm-2";
        using var reader = site.NewReader();
        var state = await reader.StateAsync(ClosedSlug);
        await SetCommentsOpenAsync(ClosedSlug, false);
        try
        {
            site.Clock.AdvanceSeconds(20);
            using var response = await reader.SendAsync(new CommentsDraft { Email = "too.late@example.com", Body = "Closed already?" }.With(state), ClosedSlug);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Comments are closed on this article.", html);
            Assert.Contains("Closed already?", html);
            var article = await reader.ArticleAsync(ClosedSlug);
            Assert.Equal("Comments are closed.", article.QuerySelector(".comments-closed")?.TextContent);
            Assert.Null(article.QuerySelector("form.comment-form"));
        }
        finally
        {
            await SetCommentsOpenAsync(ClosedSlug, true);
        }
    }

    [Fact]
    public async Task Posting_to_an_unknown_article_is_404_with_the_not_found_page()
    {
        using var reader = site.NewReader();
        using var response = await reader.SendAsync(new CommentsDraft(), "no-such-article");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We couldn’t find that page", await response.Content.ReadAsStringAsync());
        using var state = await reader.Client.GetAsync("/articles/no-such-article/comments/state");
        Assert.Equal(HttpStatusCode.NotFound, state.StatusCode);
    }

    private static int ApprovedCount(IHtmlDocument page)
    {
        var title = page.GetElementById("comments-title")!.TextContent.Trim();
        return title == "Comments" ? 0 : int.Parse(title.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<int> CountAsync(System.Linq.Expressions.Expression<Func<Comment, bool>> where) =>
        site.InScopeAsync(sp => sp.GetRequiredService<ClinicBlogDbContext>().Comments.CountAsync(where));

    private Task SetCommentsOpenAsync(string slug, bool open) =>
        site.InScopeAsync(sp => sp.GetRequiredService<ClinicBlogDbContext>().Articles.Where(a => a.Published!.Slug == slug)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CommentsOpen, open)));
}
