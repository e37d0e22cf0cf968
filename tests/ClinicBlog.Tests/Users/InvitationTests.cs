using System.Net;
using System.Text.RegularExpressions;
using ClinicBlog.Data;
using ClinicBlog.Tests.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Users;

/// <summary>Inviting by email: the account waits without a password; the link sets one, signs in, expires, and works once.</summary>
public sealed partial class InvitationTests(InvitationTests.Site site) : IClassFixture<InvitationTests.Site>
{
    public sealed class Site : DashboardSite;

    [Fact]
    public async Task An_invitation_creates_an_account_without_a_password_and_emails_a_link()
    {
        var admin = await site.SignInAsAdminAsync();

        var response = await InviteAsync(admin, "Jane Moderator", "jane.mod@example.com", "Moderator");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var user = await FindAsync("jane.mod@example.com");
        Assert.Equal(("Jane Moderator", "jane.mod", false), (user.DisplayName, user.UserName, user.EmailConfirmed));
        Assert.Null(user.PasswordHash);
        Assert.Equal($"/admin/users/{user.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["Moderator"], await site.WithServicesAsync(async s => await s.GetRequiredService<UserManager<ClinicBlogUser>>().GetRolesAsync(user)));

        var mail = Assert.Single(await site.MailToAsync("jane.mod@example.com"));
        Assert.Contains("invited", mail.Subject);
        Assert.Contains($"/admin/accept-invitation?user={user.Id}&token=", mail.TextBody);
        Assert.Contains("Your user name is jane.mod", mail.TextBody);
        Assert.Contains("(as moderator)", mail.TextBody);
        // Sent in the site's name, not the software's.
        Assert.Equal(site.Setup.SiteName, mail.From.Mailboxes.Single().Name);

        var list = await (await admin.GetAsync("/admin/users")).TextAsync();
        Assert.Contains("jane.mod@example.com", list);
        Assert.Contains("Invited", list);
    }

    [Fact]
    public async Task The_invitation_is_audited_with_the_email_only_in_the_private_details()
    {
        var admin = await site.SignInAsAdminAsync();
        await InviteAsync(admin, "Audit Person", "audit.person@example.com", "Editor");
        var user = await FindAsync("audit.person@example.com");

        var entry = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries
            .SingleAsync(e => e.Action == "user.invite" && e.ItemId == user.Id));

        Assert.Equal("user", entry.ItemType);
        Assert.Contains("Audit Person", entry.Summary);
        Assert.Equal("Editor", entry.NewValue);
        foreach (var text in new[] { entry.Summary, entry.PreviousValue ?? "", entry.NewValue ?? "" })
            Assert.DoesNotContain("audit.person@example.com", text);
        var details = await site.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<ClinicBlog.AuditTrail.AuditLog>().Reveal(entry)));
        Assert.Equal("audit.person@example.com", details);
    }

    [Fact]
    public async Task Accepting_sets_the_password_and_name_and_signs_in_and_the_link_then_says_it_was_used()
    {
        var admin = await site.SignInAsAdminAsync();
        await InviteAsync(admin, "Sam Editor", "sam.editor@example.com", "Editor");
        var link = await LinkAsync("sam.editor@example.com");
        var guest = site.NewClient();

        var form = await guest.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var accepted = await Forms.PostAsync(guest, link, new() { ["DisplayName"] = "Samuel Editor, PT", ["Password"] = "a fine password 7" }, action: link);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/admin", accepted.Headers.Location?.OriginalString);
        var home = await guest.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var text = await home.TextAsync();
        Assert.Contains("Samuel Editor, PT", text);
        Assert.Contains("Your password is set and you are signed in", text);
        var user = await FindAsync("sam.editor@example.com");
        Assert.True(user.EmailConfirmed);
        Assert.NotNull(await site.SignInAsync("sam.editor", "a fine password 7"));

        var again = await site.NewClient().GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("This invitation has already been used", await again.TextAsync());
        var replay = await site.NewClient().PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["Password"] = "another password 8" }));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Fact]
    public async Task A_used_link_cannot_set_the_password_again()
    {
        var admin = await site.SignInAsAdminAsync();
        await InviteAsync(admin, "Twice Clicked", "twice@example.com", "Moderator");
        var link = await LinkAsync("twice@example.com");
        var first = site.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(first, link, new() { ["DisplayName"] = "Twice", ["Password"] = "first password 1" }, action: link)).StatusCode);

        // A second browser had the form open before the first one accepted.
        var second = site.NewClient();
        var token = await Forms.TokenAsync(second, "/admin/sign-in");
        var response = await second.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["DisplayName"] = "Intruder", ["Password"] = "second password 2", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("already been used", await response.TextAsync());
        Assert.Equal("Twice", (await FindAsync("twice@example.com")).DisplayName);
        Assert.NotNull(await site.SignInAsync("twice@example.com", "first password 1"));
    }

    [Fact]
    public async Task A_link_older_than_seven_days_is_refused_in_plain_words()
    {
        var admin = await site.SignInAsAdminAsync();
        await InviteAsync(admin, "Late Reader", "late@example.com", "Moderator");
        var link = await LinkAsync("late@example.com");
        var guest = site.NewClient();
        var token = await Forms.TokenAsync(guest, link);

        site.Clock.Offset = TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);
        try
        {
            var response = await guest.GetAsync(link);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            var text = await response.TextAsync();
            Assert.Contains("This invitation has expired", text);
            Assert.Contains("Invitation links work for 7 days", text);
            Assert.Contains("send you a new invitation", text);

            var post = await guest.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["DisplayName"] = "Late", ["Password"] = "too late password 1", ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
            Assert.Null((await FindAsync("late@example.com")).PasswordHash);
        }
        finally
        {
            site.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_new_invitation_retires_the_earlier_link()
    {
        var admin = await site.SignInAsAdminAsync();
        await InviteAsync(admin, "Lost Link", "lost@example.com", "Moderator");
        var user = await FindAsync("lost@example.com");
        var oldLink = await LinkAsync("lost@example.com");

        var resent = await Forms.PostAsync(admin, $"/admin/users/{user.Id}", new(), action: $"/admin/users/{user.Id}?handler=Resend");

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var mails = await site.MailToAsync("lost@example.com");
        Assert.Equal(2, mails.Count);
        var newLink = LinkIn(mails[^1].TextBody);
        Assert.NotEqual(oldLink, newLink);
        var old = await site.NewClient().GetAsync(oldLink);
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Contains("This invitation link does not work", await old.TextAsync());
        Assert.Equal(HttpStatusCode.OK, (await site.NewClient().GetAsync(newLink)).StatusCode);
        Assert.Equal(2, await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries
            .CountAsync(e => e.Action == "user.invite" && e.ItemId == user.Id)));
    }

    [Fact]
    public async Task A_link_that_was_tampered_with_is_refused()
    {
        var admin = await site.SignInAsAdminAsync();
        await InviteAsync(admin, "Tamper Target", "tamper@example.com", "Moderator");
        var link = await LinkAsync("tamper@example.com");
        var otherId = (await FindAsync(site.Setup.AdminEmail)).Id;

        foreach (var bad in new[] { link[..^4], Regex.Replace(link, "user=[^&]+", $"user={otherId}"), "/admin/accept-invitation" })
        {
            var response = await site.NewClient().GetAsync(bad);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.Contains("does not work", await response.TextAsync());
        }
    }

    [Fact]
    public async Task Mistakes_in_the_invitation_form_are_explained_and_what_was_typed_is_kept()
    {
        var admin = await site.SignInAsAdminAsync();
        await InviteAsync(admin, "First Owner", "taken@example.com", "Moderator");

        var bad = await InviteAsync(admin, "Second Person", "not-an-email", "Moderator");
        var taken = await InviteAsync(admin, "", "taken@example.com");

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var doc = Html.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Contains("Please enter a valid email address", doc.QuerySelector("#Email-error")!.TextContent);
        Assert.Equal("not-an-email", doc.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"));
        Assert.Equal("Second Person", doc.QuerySelector("input[name='Input.DisplayName']")!.GetAttribute("value"));
        Assert.NotNull(doc.QuerySelector("input[name='Input.Roles'][value=Moderator][checked]"));
        var text = await taken.TextAsync();
        Assert.Contains("An account already uses this email address.", text);
        Assert.Contains("Please enter the name the site will show", text);
        Assert.Contains("Please choose at least one role.", text);
    }

    private static async Task<HttpResponseMessage> InviteAsync(HttpClient admin, string name, string email, params string[] roles) =>
        await Forms.PostAsync(admin, "/admin/users/invite",
            new[] { KeyValuePair.Create("Input.DisplayName", name), KeyValuePair.Create("Input.Email", email) }
                .Concat(roles.Select(r => KeyValuePair.Create("Input.Roles", r))));

    private Task<ClinicBlogUser> FindAsync(string email) =>
        site.WithServicesAsync(async s => (await s.GetRequiredService<UserManager<ClinicBlogUser>>().FindByEmailAsync(email))!);

    private async Task<string> LinkAsync(string email) => LinkIn((await site.MailToAsync(email))[^1].TextBody);

    /// <summary>The link's path and query, for the test client.</summary>
    private static string LinkIn(string? text)
    {
        var url = LinkPattern().Match(text ?? "");
        Assert.True(url.Success, text);
        return new Uri(url.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/admin/accept-invitation\?\S+")]
    private static partial Regex LinkPattern();
}
