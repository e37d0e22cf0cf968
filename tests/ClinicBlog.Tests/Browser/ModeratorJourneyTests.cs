using System.Text.RegularExpressions;
using ClinicBlog.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ClinicBlog.Tests.Browser;

/// <summary>
/// Journey 2 of issue 7, with the keyboard alone: a moderator signs in, sees the pending count, approves a reader's comment
/// from the queue without the page reloading, and the reader's page then shows it. The commenter's email is in the queue
/// for an Administrator and nowhere in the page for a Moderator (the recipe's Moderator role lacks ViewCommenterEmail).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ModeratorJourneyTests(BrowserSite site)
{
    /// <summary>Regina Durbin's article: no other browser test comments there.</summary>
    private const string Slug = "instrument-assisted-soft-tissue-mobilization-iastm-2";

    [Fact]
    public Task A_moderator_approves_a_comment_in_place_by_keyboard_and_the_reader_then_sees_it() =>
        site.RunAsync("journey-2-moderator-approves", async session =>
        {
            const string ReaderName = "Oksana Petrenko";
            const string ReaderEmail = "oksana.petrenko@example.com";
            const string Text = "After six sessions of IASTM my tennis elbow is much better. Is it normal to bruise a little after the first ones?";

            // The reader's comment waits in the queue (posted as the form would store it: journey 1 posts one through the page).
            var commentId = await site.AddCommentAsync(Slug, ReaderName, ReaderEmail, Text);
            const string Login = "morgan-j2";
            await site.CreateUserAsync(Login, Permissions.Roles.Moderator, "Mina Okoro");

            // An Administrator sees the commenter's email in the queue.
            var admin = (await session.NewTabAsync(Visitor.Administrator)).Page;
            await admin.GotoAsync("/admin/comments");
            await Assertions.Expect(admin.Locator($"tr[data-comment-id='{commentId}'] .queue-author-email")).ToContainTextAsync(ReaderEmail);
            Assert.Contains(ReaderEmail, await admin.ContentAsync(), StringComparison.Ordinal);

            // The moderator signs in with the keyboard.
            var tab = await session.NewTabAsync();
            var moderator = tab.Page;
            await moderator.GotoAsync("/admin/sign-in");
            await moderator.TabToAsync(moderator.GetByLabel("User name or email", new() { Exact = true }));
            Assert.True(await moderator.FocusIsVisibleAsync(), "The user name field shows no focus indicator.");
            await moderator.Keyboard.TypeAsync(Login);
            await moderator.TabToAsync(moderator.GetByLabel("Password", new() { Exact = true }), maxPresses: 1);
            await moderator.Keyboard.TypeAsync(BrowserSite.StaffPassword);
            await moderator.TabToAsync(moderator.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }));
            await moderator.RunAndWaitForDocumentAsync(() => moderator.Keyboard.PressAsync("Enter"));
            Assert.Equal("/admin", new Uri(moderator.Url).AbsolutePath);

            // The pending count in the dashboard's navigation is the queue's.
            var pendingInDb = await PendingAsync();
            var navCount = moderator.Locator("[data-pending-count]");
            await Assertions.Expect(navCount).ToHaveTextAsync(pendingInDb.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(pendingInDb >= 2, $"Expected the journey's comment and the seeded one pending, found {pendingInDb}.");

            // Into the queue by keyboard, through the navigation's "Comments" link.
            await moderator.TabToAsync(moderator.Locator("nav.admin-nav a[href='/admin/comments']"));
            Assert.True(await moderator.FocusIsVisibleAsync(), "The Comments link shows no focus indicator.");
            await moderator.RunAndWaitForDocumentAsync(() => moderator.Keyboard.PressAsync("Enter"));
            Assert.Equal("/admin/comments", new Uri(moderator.Url).AbsolutePath);
            var row = moderator.Locator($"tr[data-comment-id='{commentId}']");
            await Assertions.Expect(row).ToContainTextAsync(Text);

            // Without ViewCommenterEmail, no commenter's address is anywhere in the page: not in text, attributes or the search form.
            var html = await moderator.ContentAsync();
            Assert.DoesNotContain(ReaderEmail, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("tomasz@example.com", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(new Regex(@"[\w.+-]+@example\.com", RegexOptions.IgnoreCase), html);
            await Assertions.Expect(moderator.Locator(".queue-author-email")).ToHaveCountAsync(0);
            await Assertions.Expect(moderator.Locator("#queue-email")).ToHaveCountAsync(0);

            // What the page shows before: the counts in the navigation and the tabs.
            var pendingTab = moderator.Locator("[data-count='pending']");
            var approvedTab = moderator.Locator("[data-count='approved']");
            var pendingBefore = int.Parse(await navCount.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            var approvedBefore = int.Parse(await approvedTab.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(pendingBefore, int.Parse(await pendingTab.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture));

            // Whatever happens next must not load a document: a marker on window survives, and no frame navigates.
            var url = moderator.Url;
            await moderator.EvaluateAsync("() => { window.__journeyMarker = 'still here'; }");
            var navigations = new List<string>();
            moderator.FrameNavigated += (_, frame) => navigations.Add(frame.Url);
            var documents = tab.Responses.Count(r => r.Request.ResourceType == "document");

            // Tab to the row's Approve button (its name says whose comment it is) and press Enter.
            var approve = row.GetByRole(AriaRole.Button, new() { Name = $"Approve the comment by {ReaderName}", Exact = true });
            await moderator.TabToAsync(approve, maxPresses: 120);
            Assert.True(await moderator.FocusIsVisibleAsync(), "The Approve button shows no focus indicator.");
            await moderator.Keyboard.PressAsync("Enter");

            // In place: the row goes, the live region says what happened, the counts follow.
            await Assertions.Expect(row).ToHaveCountAsync(0);
            await Assertions.Expect(moderator.Locator("[data-queue-live]")).ToHaveTextAsync("Approved 1 comment.");
            await Assertions.Expect(moderator.Locator("[data-queue-live]")).ToHaveAttributeAsync("aria-live", "polite");
            var pendingAfter = (pendingBefore - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Assertions.Expect(navCount).ToHaveTextAsync(pendingAfter);
            await Assertions.Expect(pendingTab).ToHaveTextAsync(pendingAfter);
            await Assertions.Expect(approvedTab).ToHaveTextAsync((approvedBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal("still here", await moderator.EvaluateAsync<string?>("() => window.__journeyMarker ?? null"));
            Assert.Equal(url, moderator.Url);
            Assert.Empty(navigations);
            Assert.Equal(documents, tab.Responses.Count(r => r.Request.ResourceType == "document"));

            // Focus is not lost to the page: it moved on to the next row's first action (or the link to more comments).
            var focused = await moderator.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.tagName.toLowerCase() : 'none'");
            Assert.True(focused is "button" or "a", $"After the row went, focus is on <{focused}>, not on the next action.");
            Assert.True(await moderator.FocusIsVisibleAsync(), "The control focus moved to shows no focus indicator.");

            await AccessibilityTests.AssertNoViolationsAsync(moderator, "the queue after approving in place");

            var stored = await site.Site.Factory.QueryAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == commentId));
            Assert.Equal(CommentStatus.Approved, stored.Status);

            // The reader, in a fresh browser, finds the comment on the article.
            var reader = (await session.NewTabAsync()).Page;
            await reader.GotoAsync($"/articles/{Slug}");
            var mine = reader.Locator($"#comment-{commentId} .comment");
            await Assertions.Expect(mine).ToContainTextAsync(Text);
            await Assertions.Expect(mine.Locator(".comment-author")).ToHaveTextAsync(ReaderName);
            await Assertions.Expect(mine.Locator(".comment-awaiting")).ToHaveCountAsync(0);
            Assert.DoesNotContain(ReaderEmail, await reader.ContentAsync(), StringComparison.OrdinalIgnoreCase);

            Assert.Empty(tab.ConsoleErrors);
        });

    private Task<int> PendingAsync() =>
        site.Site.Factory.QueryAsync(db => db.Comments.CountAsync(c => c.Status == CommentStatus.Pending));
}
