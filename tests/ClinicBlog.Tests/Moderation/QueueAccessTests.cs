using System.Net;
using ClinicBlog.Comments;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static ClinicBlog.Tests.Moderation.QueueKit;

namespace ClinicBlog.Tests.Moderation;

/// <summary>Who may use the queue, who sees commenters' emails, and that every form needs its antiforgery token.</summary>
public sealed class QueueAccessTests(QueueAccessTests.Site site) : IClassFixture<QueueAccessTests.Site>
{
    public sealed class Site : SetUpSite;

    private const string Slug = "iastm-and-foot-pain";

    [Fact]
    public async Task The_administrator_sees_commenters_emails_and_can_search_by_one()
    {
        var marker = Marker();
        var email = $"visible.{marker}@example.com";
        var ids = await SeedAsync(site,
            new NewComment(Slug, "Ann Visible", email, $"{marker} first"),
            new NewComment(Slug, "Bob Other", $"other.{marker}@example.com", $"{marker} second"));
        var admin = await AdminAsync(site);

        var html = await GetAsync(admin, $"/admin/comments?q={marker}");
        Assert.Contains(email, html);
        Assert.NotNull(Html.Parse(html).QuerySelector("input[name=email]"));

        // An exact address, in any case, finds that commenter's comments only (through the keyed hash).
        var found = await GetAsync(admin, $"/admin/comments?email={Uri.EscapeDataString(email.ToUpperInvariant())}");
        Assert.Equal([ids[0]], RowIds(found));
        Assert.Empty(RowIds(await GetAsync(admin, $"/admin/comments?email={Uri.EscapeDataString("visible." + marker + "@example.co")}")));

        foreach (var path in new[] { $"/admin/comments/{ids[0]}/reply", $"/admin/comments/{ids[0]}/edit", $"/admin/comments/delete?ids={ids[0]}" })
            Assert.Contains(email, await GetAsync(admin, path));
    }

    [Fact]
    public async Task A_moderator_without_ViewCommenterEmail_never_gets_an_email_in_the_html()
    {
        var marker = Marker();
        var email = $"hidden.{marker}@example.com";
        var ids = await SeedAsync(site, new NewComment(Slug, "Cat Hidden", email, $"{marker} hello"));
        var moderator = await SignInAsRoleAsync(site, "Moderator");

        var pages = new[]
        {
            $"/admin/comments?q={marker}",
            $"/admin/comments/{ids[0]}/reply",
            $"/admin/comments/{ids[0]}/edit",
            $"/admin/comments/delete?ids={ids[0]}",
        };
        foreach (var path in pages)
        {
            var html = await GetAsync(moderator, path);
            Assert.Contains("Cat Hidden", html);
            Assert.DoesNotContain(email, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@example.com", html);
            Assert.Null(Html.Parse(html).QuerySelector(".queue-author-email"));
        }

        // No email search for them either: the field is absent, and an address in the link is neither used nor shown.
        var searched = await GetAsync(moderator, $"/admin/comments?q={marker}&email={Uri.EscapeDataString("other@example.net")}");
        Assert.Null(Html.Parse(searched).QuerySelector("input[name=email]"));
        Assert.Equal([ids[0]], RowIds(searched));
        Assert.DoesNotContain("other@example.net", searched);
    }

    [Fact]
    public async Task A_moderator_can_moderate_and_a_guest_author_cannot()
    {
        var marker = Marker();
        var id = (await SeedAsync(site, new NewComment(Slug, "Dee", $"dee.{marker}@example.com", $"{marker} text")))[0];
        var moderator = await SignInAsRoleAsync(site, "Moderator");
        var guest = await SignInAsRoleAsync(site, "GuestAuthor");
        var anonymous = site.Factory.CreatePlainClient();

        foreach (var path in new[] { "/admin/comments", $"/admin/comments/{id}/reply", $"/admin/comments/{id}/edit", $"/admin/comments/delete?ids={id}", "/admin/comments/empty?status=spam" })
        {
            Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync(path)).StatusCode);
            var denied = await guest.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/admin/denied", denied.Headers.Location!.AbsolutePath);
            var signIn = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.StartsWith("/admin/sign-in", signIn.Headers.Location!.AbsolutePath);
        }

        // The guest author's own valid token does not make an action theirs.
        var token = await TokenAsync(guest, "/admin/account/password");
        var post = await guest.PostAsync("/admin/comments?handler=Act", Form((TokenField, token), ("Do", "approve"), ("Ids", id.ToString())));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/admin/denied", post.Headers.Location!.AbsolutePath);
        Assert.Equal(CommentStatus.Pending, (await CommentAsync(site, id)).Status);

        Assert.Equal(HttpStatusCode.SeeOther, (await ActAsync(moderator, "approve", [id])).StatusCode);
        Assert.Equal(CommentStatus.Approved, (await CommentAsync(site, id)).Status);
    }

    public static TheoryData<string, string> Forms => new()
    {
        { "/admin/comments?handler=Act", "Do=approve&Ids={id}" },
        { "/admin/comments?handler=Act", "Do=delete&Confirmed=true&Ids={id}" },
        { "/admin/comments?handler=Act", "Do=empty&Confirmed=true&Tab=trash" },
        { "/admin/comments/{id}/reply", "Text=Hello" },
        { "/admin/comments/{id}/edit", "Text=Changed" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_post_without_antiforgery_token_is_refused(string path, string body)
    {
        var marker = Marker();
        var id = (await SeedAsync(site, new NewComment(Slug, "Eve", $"eve.{marker}@example.com", $"{marker} text", CommentStatus.Trash)))[0];
        var admin = await AdminAsync(site);
        await GetAsync(admin, "/admin/comments"); // the antiforgery cookie is there; only the form's token is missing

        var content = new StringContent(body.Replace("{id}", id.ToString()), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await admin.PostAsync(path.Replace("{id}", id.ToString()), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var comment = await site.Factory.QueryAsync(db => db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id));
        Assert.NotNull(comment);
        Assert.Equal(CommentStatus.Trash, comment.Status);
        Assert.Equal($"{marker} text", comment.Body);
        Assert.Equal(0, await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => c.ParentId == id)));
    }
}
