using System.Diagnostics;
using ClinicBlog.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ClinicBlog.Tests.Browser;

/// <summary>Journey 1 of issue 7, with the keyboard alone: a reader comments, fixes a missing email, and waits for moderation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReaderJourneyTests(BrowserSite site)
{
    /// <summary>How long the reader spends on the form before posting: the recipe's time trap (MinFillSeconds, 3 s) takes anything quicker for a bot.</summary>
    private static readonly TimeSpan TimeOnForm = TimeSpan.FromSeconds(3.5);

    [Fact]
    public Task A_reader_comments_by_keyboard_fixes_the_missing_email_and_sees_the_comment_await_moderation() =>
        site.RunAsync("journey-1-reader-comments", async session =>
        {
            const string Text = "Does the scraping hurt? I have had pain under the ball of my foot for a year and wonder whether IASTM would help.";
            const string Name = "Priya Natarajan";
            const string Email = "priya@example.com";
            var reader = (await session.NewTabAsync()).Page;

            // The home page lists the article; the reader tabs to it and presses Enter.
            await reader.GotoAsync("/");
            await reader.TabToAsync(reader.GetByRole(AriaRole.Link, new() { Name = "IASTM And Foot Pain", Exact = true }));
            Assert.True(await reader.FocusIsVisibleAsync(), "The focused link shows no focus indicator.");
            await reader.RunAndWaitForDocumentAsync(() => reader.Keyboard.PressAsync("Enter"));
            Assert.Equal("IASTM And Foot Pain", await reader.Locator("h1").InnerTextAsync());

            // The form is shown once the page has fetched this reader's token and time-trap stamp.
            await reader.Locator("form[data-comment-form] input[name='__RequestVerificationToken']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var sinceShown = Stopwatch.StartNew();

            var comment = reader.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true });
            var name = reader.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true });
            var email = reader.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true });
            var post = reader.GetByRole(AriaRole.Button, new() { Name = "Post Comment", Exact = true });

            await reader.TabToAsync(comment, maxPresses: 80);
            await reader.Keyboard.TypeAsync(Text);
            await reader.TabToAsync(name, maxPresses: 1);
            await reader.Keyboard.TypeAsync(Name);
            await reader.TabToAsync(post);
            var invalid = await reader.RunAndWaitForDocumentAsync(() => reader.Keyboard.PressAsync("Enter"));

            // The form comes back: the error next to the email field, what was typed still there.
            Assert.Equal(400, invalid.Status);
            await Assertions.Expect(reader.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your comment was not posted yet");
            var error = reader.Locator("#comment-Email-error");
            await Assertions.Expect(error).ToHaveTextAsync("Please enter your email address. It will not be published.");
            await Assertions.Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(email).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex(@"\bcomment-Email-error\b"));
            await Assertions.Expect(reader.Locator(".field", new() { Has = email }).Locator("#comment-Email-error")).ToBeVisibleAsync();
            var field = (await email.BoundingBoxAsync())!;
            var message = (await error.BoundingBoxAsync())!;
            Assert.True(message.Y >= field.Y + field.Height && message.Y - (field.Y + field.Height) < 48 && Math.Abs(message.X - field.X) < 4,
                $"The error is not just under the email field (below its hint at most): field at ({field.X}, {field.Y}, h {field.Height}), error at ({message.X}, {message.Y}).");
            await Assertions.Expect(comment).ToHaveValueAsync(Text);
            await Assertions.Expect(name).ToHaveValueAsync(Name);
            await Assertions.Expect(reader.Locator(".error")).ToHaveCountAsync(1);

            // The reader fixes it and posts again, a few seconds after first seeing the form.
            await reader.TabToAsync(email);
            await reader.Keyboard.TypeAsync(Email);
            await reader.TabToAsync(post);
            if (TimeOnForm - sinceShown.Elapsed is { Ticks: > 0 } rest) await Task.Delay(rest);
            var posted = await reader.RunAndWaitForDocumentAsync(() => reader.Keyboard.PressAsync("Enter"));

            Assert.Equal(200, posted.Status);
            Assert.Matches(@"/articles/iastm-and-foot-pain#comment-\d+$", reader.Url);
            var mine = reader.Locator(".comment", new() { HasText = Text });
            await Assertions.Expect(mine).ToBeVisibleAsync();
            await Assertions.Expect(mine.Locator(".comment-awaiting")).ToHaveTextAsync("Your comment is awaiting moderation.");
            await Assertions.Expect(mine.Locator(".comment-author")).ToHaveTextAsync(Name);

            // A person's comment, held for a moderator: not taken for a bot by the time trap.
            var stored = await site.Site.Factory.QueryAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Body == Text));
            Assert.Equal(CommentStatus.Pending, stored.Status);
            Assert.EndsWith($"#comment-{stored.Id}", reader.Url);

            // The browser keeps which comments are this reader's in an HttpOnly, SameSite=Lax cookie (not Secure over http).
            var pending = (await reader.Context.CookiesAsync()).Single(c => c.Name == ReaderCookies.PendingCookie);
            Assert.True(pending.HttpOnly);
            Assert.Equal(SameSiteAttribute.Lax, pending.SameSite);
            Assert.False(pending.Secure);

            // Another reader, in another browser, does not see it.
            var other = (await session.NewTabAsync()).Page;
            await other.GotoAsync("/articles/iastm-and-foot-pain");
            await Assertions.Expect(other.Locator("h1")).ToHaveTextAsync("IASTM And Foot Pain");
            await Assertions.Expect(other.GetByText(Text)).ToHaveCountAsync(0);
            await Assertions.Expect(other.Locator(".comment-awaiting")).ToHaveCountAsync(0);
            await Assertions.Expect(other.Locator("#comments-title")).ToHaveTextAsync("Comments");
        });
}
