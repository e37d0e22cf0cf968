using System.Net;
using ClinicBlog.Comments;
using ClinicBlog.Privacy;
using ClinicBlog.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicBlog.Tests.Moderation.QueueKit;

namespace ClinicBlog.Tests.Moderation;

/// <summary>What the queue does to the public site: staff replies, hidden threads, and the policy learning from spam.</summary>
public sealed class QueueAndPublicPageTests(QueueAndPublicPageTests.Site site) : IClassFixture<QueueAndPublicPageTests.Site>
{
    public sealed class Site : SetUpSite;

    private const string Slug = "massage-therapy-for-your-foot-pain-and-injuries";

    [Fact]
    public async Task A_staff_reply_to_a_held_comment_approves_it_and_is_published_under_it()
    {
        var marker = Marker();
        var parent = (await SeedAsync(site, new NewComment(Slug, "Fay Reader", $"fay.{marker}@example.com", $"{marker} does massage help?")))[0];
        var admin = await AdminAsync(site);

        var form = Html.Parse(await GetAsync(admin, $"/admin/comments/{parent}/reply?returnUrl={Uri.EscapeDataString("/admin/comments?status=pending")}"));
        Assert.Contains("replying approves it too", form.QuerySelector(".hint")!.TextContent);
        var token = form.QuerySelector($"form.form input[name={TokenField}]")!.GetAttribute("value")!;
        var response = await admin.PostAsync($"/admin/comments/{parent}/reply",
            Form((TokenField, token), ("Text", $"{marker} Yes, **it does**."), ("returnUrl", "/admin/comments?status=pending")));

        Assert.Equal("/admin/comments?status=pending", response.Headers.Location?.OriginalString);
        Assert.Equal("Approved the comment and published your reply.", await FlashAfterAsync(admin, response));
        var reply = await site.Factory.QueryAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.ParentId == parent));
        Assert.Equal(CommentStatus.Approved, reply.Status);
        Assert.Equal(CommentStatus.Approved, (await CommentAsync(site, parent)).Status);
        Assert.Equal(site.Setup.AdminUserName, reply.AuthorName);
        Assert.NotNull(reply.UserId);
        await using (var scope = site.Factory.Services.CreateAsyncScope())
        {
            var emails = scope.ServiceProvider.GetRequiredService<EmailProtector>();
            Assert.Equal(await emails.HashAsync(site.Setup.AdminEmail), reply.EmailHash);
            Assert.Equal(site.Setup.AdminEmail, emails.Unprotect(reply.ProtectedEmail));
        }

        // Threaded under the comment on the public page, rendered as Markdown.
        var article = Html.Parse(await site.GetPageAsync($"/articles/{Slug}"));
        var shown = article.QuerySelector($"#comment-{parent} #comment-{reply.Id}");
        Assert.NotNull(shown);
        Assert.Equal("it does", shown.QuerySelector(".comment-body strong")?.TextContent);

        var actions = await site.Factory.QueryAsync(db => db.AuditEntries.Where(e => e.ItemId == parent.ToString() || e.ItemId == reply.Id.ToString())
            .Select(e => e.Action).ToListAsync());
        Assert.Contains("comment.approve", actions);
        Assert.Contains("comment.reply", actions);
    }

    [Fact]
    public async Task A_reply_is_refused_with_a_plain_reason_when_empty_or_under_spam()
    {
        var marker = Marker();
        var ids = await SeedAsync(site,
            new NewComment(Slug, "Gil", $"gil.{marker}@example.com", $"{marker} approved", CommentStatus.Approved),
            new NewComment(Slug, "Hal", $"hal.{marker}@example.com", $"{marker} spam", CommentStatus.Spam));
        var admin = await AdminAsync(site);

        var token = await TokenAsync(admin, $"/admin/comments/{ids[0]}/reply");
        var empty = await admin.PostAsync($"/admin/comments/{ids[0]}/reply", Form((TokenField, token), ("Text", "   ")));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("Please write the reply's text.", Html.Parse(await empty.Content.ReadAsStringAsync()).QuerySelector(".error")?.TextContent.Trim());

        var spam = await admin.PostAsync($"/admin/comments/{ids[1]}/reply", Form((TokenField, token), ("Text", "Hello")));
        Assert.Equal(HttpStatusCode.OK, spam.StatusCode);
        Assert.Contains("restore it first", Html.Text(await spam.Content.ReadAsStringAsync()));
        Assert.Equal(0, await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => c.ParentId == ids[0] || c.ParentId == ids[1])));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/comments/999999999/reply")).StatusCode);
    }

    [Fact]
    public async Task Editing_a_comment_keeps_when_and_records_the_old_and_new_text()
    {
        var marker = Marker();
        var id = (await SeedAsync(site, new NewComment(Slug, "Ida", $"ida.{marker}@example.com", $"{marker} teh original", CommentStatus.Approved)))[0];
        var admin = await AdminAsync(site);

        var page = Html.Parse(await GetAsync(admin, $"/admin/comments/{id}/edit"));
        Assert.Equal($"{marker} teh original", page.QuerySelector("textarea[name=Text]")!.TextContent);
        var token = page.QuerySelector($"form.form input[name={TokenField}]")!.GetAttribute("value")!;
        var response = await admin.PostAsync($"/admin/comments/{id}/edit", Form((TokenField, token), ("Text", $"{marker} the corrected")));

        Assert.Equal("Saved the comment's new text.", await FlashAfterAsync(admin, response));
        var comment = await CommentAsync(site, id);
        Assert.Equal($"{marker} the corrected", comment.Body);
        Assert.NotNull(comment.EditedUtc);
        var entry = await site.Factory.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "comment.edit" && e.ItemId == id.ToString()));
        Assert.Equal($"{marker} teh original", entry.PreviousValue);
        Assert.Equal($"{marker} the corrected", entry.NewValue);
        Assert.Null(entry.ProtectedDetails);
        Assert.Contains($"{marker} the corrected", await site.GetPageAsync($"/articles/{Slug}"));
    }

    [Theory]
    [InlineData("trash")]
    [InlineData("spam")]
    [InlineData("unapprove")]
    public async Task Hiding_a_comment_hides_its_replies_on_the_public_page_and_bringing_it_back_brings_them_back(string hide)
    {
        var marker = Marker();
        var parent = (await SeedAsync(site, new NewComment(Slug, "Jo Parent", $"jo.{marker}@example.com", $"{marker} parent text", CommentStatus.Approved)))[0];
        var reply = (await SeedAsync(site, new NewComment(Slug, "Kim Reply", $"kim.{marker}@example.com", $"{marker} reply text", CommentStatus.Approved, ParentId: parent)))[0];
        var admin = await AdminAsync(site);
        async Task<string> Public() => Html.Text(await site.GetPageAsync($"/articles/{Slug}"));

        Assert.Contains($"{marker} reply text", await Public());

        await ActAsync(admin, hide, [parent]);
        var hidden = await Public();
        Assert.DoesNotContain($"{marker} parent text", hidden);
        Assert.DoesNotContain($"{marker} reply text", hidden);
        Assert.Equal(CommentStatus.Approved, (await CommentAsync(site, reply)).Status);

        if (hide != "unapprove") await ActAsync(admin, "restore", [parent]);
        await ActAsync(admin, "approve", [parent]);
        var back = await Public();
        Assert.Contains($"{marker} parent text", back);
        Assert.Contains($"{marker} reply text", back);
    }

    [Fact]
    public async Task Marking_a_comment_as_spam_stops_that_email_being_approved_automatically()
    {
        await site.Factory.QueryAsync(async db =>
        {
            var settings = await db.SiteSettings.SingleAsync();
            settings.CommentPolicy.AutoApproveKnownCommenters = true;
            settings.CommentPolicy.MinFillSeconds = 0;
            settings.CommentPolicy.FloodIntervalSeconds = 0;
            return await db.SaveChangesAsync();
        });
        var marker = Marker();
        var email = $"known.{marker}@example.com";
        await SeedAsync(site, new NewComment(Slug, "Lee Known", email, $"{marker} an earlier approved comment", CommentStatus.Approved, DateTime.UtcNow.AddDays(-10)));

        var second = await PostPubliclyAsync("Lee Known", email, $"{marker} second comment");
        Assert.Equal(CommentStatus.Approved, second.Status);
        Assert.Equal("approved: known commenter", second.ModerationReason);

        var admin = await AdminAsync(site);
        await ActAsync(admin, "spam", [second.Id]);
        Assert.True((await CommentAsync(site, second.Id)).SpamByModerator);

        var third = await PostPubliclyAsync("Lee Known", email, $"{marker} third comment");
        Assert.Equal(CommentStatus.Pending, third.Status);
        Assert.Equal("held: a comment from this email was marked as spam before", third.ModerationReason);
        Assert.Contains("held: a comment from this email was marked as spam before",
            Html.Text(await GetAsync(admin, $"/admin/comments?status=pending&q={marker}")));
    }

    /// <summary>Posts through the public comment form, as a reader without JavaScript would.</summary>
    private async Task<Comment> PostPubliclyAsync(string name, string email, string body)
    {
        using var reader = site.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = Html.Parse(await GetAsync(reader, $"/articles/{Slug}/comments"));
        string Field(string n) => form.QuerySelector($"form.comment-form input[name={n}]")!.GetAttribute("value") ?? "";
        var response = await reader.PostAsync($"/articles/{Slug}/comments", Form(
            (TokenField, Field(TokenField)), ("Stamp", Field("Stamp")), ("Name", name), ("Email", email), ("Body", body)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await site.Factory.QueryAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Body == body));
    }
}
