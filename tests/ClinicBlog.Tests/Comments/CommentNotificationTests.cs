using System.Net;
using System.Text.RegularExpressions;
using ClinicBlog.Data;
using ClinicBlog.Privacy;
using ClinicBlog.Tests.Comments.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicBlog.Tests.Comments;

/// <summary>The emails comments cause, read as the .eml files the site writes when no SMTP server is configured.</summary>
public sealed partial class CommentNotificationTests(CommentsSiteFactory site) : IClassFixture<CommentsSiteFactory>
{
    private const string Slug = CommentsSiteFactory.HotSlug;

    [Fact]
    public async Task Reply_emails_need_a_confirmed_address_and_stop_with_one_click()
    {
        const string Alice = "alice.replies@example.com";
        using var alice = site.NewReader();
        var first = await alice.PostAsync(new CommentsDraft { Name = "Alice Asker", Email = "Alice.Replies@Example.com", Body = "Does anyone else ice after IASTM?", NotifyReplies = true });

        // Exactly one email: the confirmation, with its link.
        var confirmation = Assert.Single(To(Alice, await site.SendMailAsync()));
        Assert.Equal("Please confirm: replies to your comment", confirmation.Subject);
        var confirmLink = Link(confirmation.TextBody, "/comments/confirm?token=");

        // Until the address is confirmed nothing else reaches it: not a second confirmation, not a reply.
        await alice.PostAsync(new CommentsDraft { Name = "Alice Asker", Email = Alice, Body = "And after the second session?", NotifyReplies = true });
        await site.ApproveAsync(first);
        await ApprovedReplyAsync(first, "Bob Early", "bob.early@example.com", "I ice for ten minutes.");
        Assert.Empty(To(Alice, await site.SendMailAsync()));

        var confirmed = await alice.GetAsync(confirmLink);
        Assert.Contains("Thank you: your address is confirmed", confirmed);

        var reply = await ApprovedReplyAsync(first, "Carol Replier", "carol.replier@example.com", "Ice helps me too.");
        var replyMail = Assert.Single(To(Alice, await site.SendMailAsync()));
        Assert.Equal("Carol Replier replied to your comment", replyMail.Subject);
        Assert.Contains("Hello Alice Asker,", replyMail.TextBody);
        Assert.Contains("Ice helps me too.", replyMail.TextBody);
        Assert.Contains($"http://localhost/articles/{Slug}#comment-{reply}", replyMail.TextBody);
        Assert.DoesNotContain("carol.replier", replyMail.TextBody); // The replier's address is not given away.
        var unsubscribe = Link(replyMail.TextBody, "/comments/unsubscribe?token=");
        Assert.Equal($"<{unsubscribe}>", replyMail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", replyMail.Headers["List-Unsubscribe-Post"]);

        // Replying to oneself sends nothing.
        await ApprovedReplyAsync(first, "Alice Asker", "alice.replies@example.com", "Thanks, Carol!");
        Assert.Empty(To(Alice, await site.SendMailAsync()));

        using var stranger = site.NewReader(); // The link works in any browser, without signing in.
        var unsubscribed = await stranger.GetAsync(unsubscribe);
        Assert.Contains("You are unsubscribed", unsubscribed);

        await ApprovedReplyAsync(first, "Dave Later", "dave.later@example.com", "Late to the party.");
        Assert.Empty(To(Alice, await site.SendMailAsync()));
    }

    [Fact]
    public async Task A_mail_clients_one_click_unsubscribe_POST_works_without_a_form_token()
    {
        const string Erin = "erin.oneclick@example.com";
        using var erin = site.NewReader();
        var comment = await erin.PostAsync(new CommentsDraft { Name = "Erin", Email = Erin, Body = "Subscribe me.", NotifyReplies = true });
        await erin.GetAsync(Link(Assert.Single(To(Erin, await site.SendMailAsync())).TextBody, "/comments/confirm?token="));
        await site.ApproveAsync(comment);
        await ApprovedReplyAsync(comment, "Frank", "frank.replies@example.com", "Hello Erin.");
        var unsubscribe = Link(Assert.Single(To(Erin, await site.SendMailAsync())).TextBody, "/comments/unsubscribe?token=");

        using var mailClient = site.NewReader(); // RFC 8058: a POST with this one field, no cookies, no antiforgery token.
        using var response = await mailClient.Client.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are unsubscribed", await response.Content.ReadAsStringAsync());

        await ApprovedReplyAsync(comment, "Gina", "gina.replies@example.com", "Hello again.");
        Assert.Empty(To(Erin, await site.SendMailAsync()));
    }

    [Theory]
    [InlineData("/comments/confirm?token=not-a-token", "This link has expired")]
    [InlineData("/comments/confirm", "This link has expired")]
    [InlineData("/comments/unsubscribe?token=not-a-token", "This link is not valid")]
    public async Task Forged_links_are_refused(string path, string heading)
    {
        using var reader = site.NewReader();
        Assert.Contains(heading, await reader.GetAsync(path, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task An_unsubscribe_link_cannot_be_used_as_a_confirmation_link()
    {
        const string Hal = "hal.swap@example.com";
        using var hal = site.NewReader();
        var comment = await hal.PostAsync(new CommentsDraft { Name = "Hal", Email = Hal, Body = "Swap the tokens.", NotifyReplies = true });
        var confirm = Link(Assert.Single(To(Hal, await site.SendMailAsync())).TextBody, "/comments/confirm?token=");
        var token = confirm[(confirm.IndexOf("token=", StringComparison.Ordinal) + 6)..];

        Assert.Contains("This link is not valid", await hal.GetAsync($"/comments/unsubscribe?token={token}", HttpStatusCode.BadRequest));
        await site.ApproveAsync(comment);
        await ApprovedReplyAsync(comment, "Ivy", "ivy.replies@example.com", "Not yet confirmed, so no email.");
        Assert.Empty(To(Hal, await site.SendMailAsync()));
    }

    [Fact]
    public async Task The_articles_author_hears_of_a_comment_when_it_is_approved()
    {
        const string Joe = "joe.author@example.org";
        await site.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ClinicBlogDbContext>();
            var bio = await db.Authors.SingleAsync(a => a.Slug == "joe-fleming");
            bio.ProtectedNotificationEmail = sp.GetRequiredService<EmailProtector>().Protect(Joe);
            await db.SaveChangesAsync();
        });
        using var reader = site.NewReader();
        var id = await reader.PostAsync(new CommentsDraft { Name = "Kay Reader", Email = "kay.reader@example.com", Body = "Which tool do you use on the arch?" });
        Assert.Empty(To(Joe, await site.SendMailAsync())); // Held comments are not announced.

        await site.ApproveAsync(id);

        var mail = Assert.Single(To(Joe, await site.SendMailAsync()));
        Assert.Equal("New comment on \"IASTM And Foot Pain\"", mail.Subject);
        Assert.Contains("Kay Reader commented on your article \"IASTM And Foot Pain\"", mail.TextBody);
        Assert.Contains("Which tool do you use on the arch?", mail.TextBody);
        Assert.Contains($"http://localhost/articles/{Slug}#comment-{id}", mail.TextBody);
        Assert.DoesNotContain("kay.reader", mail.TextBody);
    }

    [Fact]
    public async Task An_author_linked_to_an_account_hears_at_the_accounts_address()
    {
        const string ReginaSlug = "instrument-assisted-soft-tissue-mobilization-iastm-2";
        const string Regina = "regina.account@example.org";
        await site.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ClinicBlogUser>>();
            var user = new ClinicBlogUser { UserName = "regina", Email = Regina, DisplayName = "Regina Durbin", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, "regina-pass-42")).Succeeded);
            var db = sp.GetRequiredService<ClinicBlogDbContext>();
            var bio = await db.Authors.SingleAsync(a => a.Slug == "regina-durbin");
            bio.UserId = user.Id;
            await db.SaveChangesAsync();
        });
        using var reader = site.NewReader();
        var id = await reader.PostAsync(new CommentsDraft { Name = "Lou Reader", Email = "lou.reader@example.com", Body = "Seven to ten sessions, really?" }, ReginaSlug);

        await site.ApproveAsync(id);

        var mail = Assert.Single(To(Regina, await site.SendMailAsync()));
        Assert.Equal("New comment on \"Instrument Assisted Soft Tissue Mobilization (IASTM)\"", mail.Subject);
        Assert.Contains("Seven to ten sessions, really?", mail.TextBody);
    }

    private async Task<long> ApprovedReplyAsync(long parentId, string name, string email, string body)
    {
        using var replier = site.NewReader();
        var id = await replier.PostAsync(new CommentsDraft { Name = name, Email = email, Body = body, ParentId = parentId });
        await site.ApproveAsync(id);
        return id;
    }

    private static List<MimeMessage> To(string address, IEnumerable<MimeMessage> messages) =>
        messages.Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>The one link in a text whose path starts with <paramref name="pathStart"/>.</summary>
    internal static string Link(string? text, string pathStart)
    {
        var links = UrlPattern().Matches(text ?? "").Select(m => m.Value).Where(u => new Uri(u).PathAndQuery.StartsWith(pathStart, StringComparison.Ordinal)).ToList();
        return Assert.Single(links);
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex UrlPattern();
}
