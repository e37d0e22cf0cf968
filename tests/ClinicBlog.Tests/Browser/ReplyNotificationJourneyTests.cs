using System.Diagnostics;
using System.Text.RegularExpressions;
using ClinicBlog.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ClinicBlog.Tests.Browser;

/// <summary>
/// Journey 4 of issue 7, with the keyboard alone: a reader replies to an approved comment and asks to hear of replies,
/// confirms the address from the email, gets a reply's email, and unsubscribes with its link; no reply email follows.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReplyNotificationJourneyTests(BrowserSite site)
{
    /// <summary>The recipe's time trap (MinFillSeconds, 3 s) takes anything quicker for a bot.</summary>
    private static readonly TimeSpan TimeOnForm = TimeSpan.FromSeconds(3.5);

    private static readonly Regex ConfirmLink = new(@"https?://[^\s/]+/comments/confirm\?token=[^\s]+", RegexOptions.Compiled);
    private static readonly Regex UnsubscribeLink = new(@"https?://[^\s/]+/comments/unsubscribe\?token=[^\s]+", RegexOptions.Compiled);

    [Fact]
    public Task A_reader_replies_by_keyboard_opts_in_to_reply_emails_confirms_and_unsubscribes() =>
        site.RunAsync("journey-4-reply-notifications", async session =>
        {
            const string Name = "Amara Okafor";
            const string Email = "amara.okafor@example.com";
            const string Text = "Same here, Dana: my heel is worst for the first steps out of bed. Night splints helped me more than anything.";

            // A reader of their own (their own address, as the site sees it through its proxy): journey 1's comment, a few
            // seconds earlier from the browser's own address, does not make this one "too fast".
            const string ReaderIp = "203.0.113.44";
            var tab = await session.NewTabAsync(from: ReaderIp);
            var reader = tab.Page;
            await reader.GotoAsync($"/articles/{BrowserSite.ThreadSlug}");
            await reader.Locator("form[data-comment-form] input[name='__RequestVerificationToken']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var sinceShown = Stopwatch.StartNew();

            // "Reply" under Dana's comment turns into the reply form, in place.
            var dana = reader.Locator($"li#comment-{site.ApprovedCommentId}");
            var replyLink = dana.Locator("> .comment").GetByRole(AriaRole.Link, new() { Name = "Reply to Dana Whitfield", Exact = true });
            await reader.TabToAsync(replyLink, maxPresses: 80);
            Assert.True(await reader.FocusIsVisibleAsync(), "The Reply link shows no focus indicator.");
            var url = reader.Url;
            await reader.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dana.Locator("> #respond")).ToBeVisibleAsync();
            await Assertions.Expect(reader.Locator("#reply-title")).ToHaveTextAsync("Reply to Dana Whitfield");
            Assert.Equal(url, reader.Url);

            var comment = reader.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true });
            var notify = reader.GetByRole(AriaRole.Checkbox, new() { Name = "Notify me of replies by email.", Exact = true });
            var post = reader.GetByRole(AriaRole.Button, new() { Name = "Post Comment", Exact = true });
            await Assertions.Expect(comment).ToBeFocusedAsync();
            await Assertions.Expect(reader.Locator("input[name='ParentId']")).ToHaveValueAsync(site.ApprovedCommentId.ToString(System.Globalization.CultureInfo.InvariantCulture));

            await AccessibilityTests.AssertNoViolationsAsync(reader, "the article with the reply form moved under a comment");

            await reader.Keyboard.TypeAsync(Text);
            await reader.TabToAsync(reader.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }), maxPresses: 1);
            await reader.Keyboard.TypeAsync(Name);
            await reader.TabToAsync(reader.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }), maxPresses: 1);
            await reader.Keyboard.TypeAsync(Email);
            await reader.TabToAsync(notify, maxPresses: 5);
            Assert.True(await reader.FocusIsVisibleAsync(), "The notify checkbox shows no focus indicator.");
            await reader.Keyboard.PressAsync("Space");
            await Assertions.Expect(notify).ToBeCheckedAsync();
            await reader.TabToAsync(post, maxPresses: 3);
            if (TimeOnForm - sinceShown.Elapsed is { Ticks: > 0 } rest) await Task.Delay(rest);
            var posted = await reader.RunAndWaitForDocumentAsync(() => reader.Keyboard.PressAsync("Enter"));

            // Held for moderation, shown to this reader under Dana's comment.
            Assert.Equal(200, posted.Status);
            var stored = await site.Site.Factory.QueryAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Body == Text));
            Assert.EndsWith($"#comment-{stored.Id}", reader.Url);
            Assert.Equal(site.ApprovedCommentId, stored.ParentId);
            Assert.True(stored.NotifyReplies);
            Assert.Equal(CommentStatus.Pending, stored.Status);
            Assert.Equal(await site.HashIpAsync(ReaderIp), stored.IpHash);
            var mine = dana.Locator($"li#comment-{stored.Id}");
            await Assertions.Expect(mine.Locator(".comment-awaiting")).ToHaveTextAsync("Your comment is awaiting moderation.");

            // Double opt-in: one email asks to confirm the address; the reader opens its link in the browser.
            var first = Assert.Single(await site.MailToAsync(Email));
            Assert.Equal("Please confirm: replies to your comment", first.Message.Subject);
            var confirm = ConfirmLink.Match(first.Text);
            Assert.True(confirm.Success, $"No confirmation link in:\n{first.Text}");
            AssertSiteAddress(confirm.Value);
            var confirmed = await reader.GotoAsync(confirm.Value);
            Assert.Equal(200, confirmed!.Status);
            await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync("Thank you: your address is confirmed");

            // A moderator approves the reader's comment, and then a reply to it: the reply's email comes with an unsubscribe link.
            await site.ApproveAsync(stored.Id);
            var replyId = await site.AddCommentAsync(BrowserSite.ThreadSlug, "Regina Durbin", "regina@example.com",
                "Night splints are a good call, Amara. Calf stretches before getting up help many of our patients too.", stored.Id);
            await site.ApproveAsync(replyId);
            var mail = await site.MailToAsync(Email);
            Assert.Equal(2, mail.Count);
            var notice = mail[1];
            Assert.Equal("Regina Durbin replied to your comment", notice.Message.Subject);
            Assert.Contains("Night splints are a good call", notice.Text, StringComparison.Ordinal);
            Assert.Contains($"#comment-{replyId}", notice.Text, StringComparison.Ordinal);
            var unsubscribe = UnsubscribeLink.Match(notice.Text);
            Assert.True(unsubscribe.Success, $"No unsubscribe link in:\n{notice.Text}");
            AssertSiteAddress(unsubscribe.Value);
            Assert.Equal($"<{unsubscribe.Value}>", notice.Message.Headers["List-Unsubscribe"]);

            // The reader opens it: unsubscribed, with no sign-in.
            var unsubscribed = await reader.GotoAsync(unsubscribe.Value);
            Assert.Equal(200, unsubscribed!.Status);
            await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync("You are unsubscribed");

            // Another reply to their comment is approved: no email goes to them.
            var again = await site.AddCommentAsync(BrowserSite.ThreadSlug, "Dana Whitfield", "dana@example.com",
                "Thank you both! I ordered a night splint today.", stored.Id);
            await site.ApproveAsync(again);
            var after = await site.MailToAsync(Email);
            Assert.Equal(mail.Select(m => m.File), after.Select(m => m.File));

            // The thread shows the reader's comment and both replies to everyone.
            var other = (await session.NewTabAsync()).Page;
            await other.GotoAsync($"/articles/{BrowserSite.ThreadSlug}");
            await Assertions.Expect(other.Locator($"li#comment-{stored.Id} > .comment")).ToContainTextAsync(Text);
            await Assertions.Expect(other.Locator($"li#comment-{stored.Id} li#comment-{replyId}")).ToHaveCountAsync(1);
            await Assertions.Expect(other.Locator($"li#comment-{stored.Id} li#comment-{again}")).ToHaveCountAsync(1);

            Assert.Empty(tab.ConsoleErrors);
        });

    /// <summary>The links point at the address the site listens on (here https, with the tests' throwaway certificate).</summary>
    private void AssertSiteAddress(string link)
    {
        var origin = new Uri(link).GetLeftPart(UriPartial.Authority);
        Assert.True(origin == site.Site.Https.GetLeftPart(UriPartial.Authority) || origin == site.Site.Http.GetLeftPart(UriPartial.Authority),
            $"{link} does not point at the site ({site.Site.Http}, {site.Site.Https}).");
    }
}
