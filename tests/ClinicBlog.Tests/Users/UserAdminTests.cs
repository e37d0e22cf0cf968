using System.Net;
using ClinicBlog.Data;
using ClinicBlog.Tests.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Users;

/// <summary>The users page: roles, disable and enable, the limits on changing your own account. Sign-in lockout: SignInSafetyTests.</summary>
public sealed class UserAdminTests(UserAdminTests.Site site) : IClassFixture<UserAdminTests.Site>
{
    public sealed class Site : DashboardSite;

    [Fact]
    public async Task The_list_shows_each_account_with_email_roles_and_state_to_user_managers_only()
    {
        await site.CreateUserAsync("listed", "listed password 1", "Moderator");
        var admin = await site.SignInAsAdminAsync();

        var doc = Html.Parse(await (await admin.GetAsync("/admin/users")).Content.ReadAsStringAsync());

        var row = doc.QuerySelectorAll("table.data tbody tr").Single(r => r.TextContent.Contains("listed@example.com"));
        Assert.Equal(["listed Display", "listed", "listed@example.com", "Moderator", "Active"],
            row.Children.Select(c => c.TextContent.Trim()));
        Assert.All(row.QuerySelectorAll("td"), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));
        var moderator = await site.SignInAsync("listed", "listed password 1");
        foreach (var path in new[] { "/admin/users", "/admin/users/invite", "/admin/roles", "/admin/settings" })
            await Forms.AssertDeniedAsync(moderator, path);
    }

    [Fact]
    public async Task Changing_roles_is_audited_with_the_lists_before_and_after_and_applies_at_the_next_request()
    {
        var id = await site.CreateUserAsync("promoted", "promoted password 1", "Moderator");
        var person = await site.SignInAsync("promoted", "promoted password 1");
        await Forms.AssertDeniedAsync(person, "/admin/settings");
        var admin = await site.SignInAsAdminAsync();

        var response = await Forms.PostAsync(admin, $"/admin/users/{id}", new[] { KeyValuePair.Create("Roles", "Moderator"), KeyValuePair.Create("Roles", "Administrator") },
            action: $"/admin/users/{id}?handler=Roles");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries.SingleAsync(e => e.Action == "user.roles" && e.ItemId == id));
        Assert.Equal(("Moderator", "Administrator, Moderator"), (entry.PreviousValue, entry.NewValue));
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/admin/settings")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_is_signed_out_and_cannot_sign_in_until_enabled()
    {
        var id = await site.CreateUserAsync("leaving", "leaving password 1", "Moderator");
        var person = await site.SignInAsync("leaving", "leaving password 1");
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/admin")).StatusCode);
        var admin = await site.SignInAsAdminAsync();

        var disabled = await Forms.PostAsync(admin, $"/admin/users/{id}", new(), action: $"/admin/users/{id}?handler=Disable");

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        var again = await person.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith("/admin/sign-in", again.Headers.Location?.PathAndQuery ?? again.Headers.Location?.OriginalString);
        var attempt = await Forms.PostAsync(site.NewClient(), "/admin/sign-in", new() { ["Input.Login"] = "leaving", ["Input.Password"] = "leaving password 1" });
        Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        Assert.Contains("That user name or password is not right", await attempt.TextAsync());
        Assert.Contains("Disabled", await (await admin.GetAsync("/admin/users")).TextAsync());

        var enabled = await Forms.PostAsync(admin, $"/admin/users/{id}", new(), action: $"/admin/users/{id}?handler=Enable");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.NotNull(await site.SignInAsync("leaving", "leaving password 1"));
        var actions = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries
            .Where(e => e.ItemId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["user.disable", "user.enable"], actions);
    }

    [Fact]
    public async Task You_cannot_disable_yourself()
    {
        var admin = await site.SignInAsAdminAsync();
        var me = await MyIdAsync();

        var page = await admin.GetAsync($"/admin/users/{me}");
        Assert.Contains("you cannot disable it here", await page.TextAsync());
        var response = await Forms.PostAsync(admin, $"/admin/users/{me}", new(), action: $"/admin/users/{me}?handler=Disable");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(AccountRules.CannotDisableSelf, await response.TextAsync());
        Assert.False((await site.WithServicesAsync(async s => await s.GetRequiredService<UserManager<ClinicBlogUser>>().FindByIdAsync(me)))!.IsDisabled);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task You_cannot_remove_your_own_Administrator_role()
    {
        var admin = await site.SignInAsAdminAsync();
        var me = await MyIdAsync();

        var response = await Forms.PostAsync(admin, $"/admin/users/{me}", new() { ["Roles"] = "Editor" }, action: $"/admin/users/{me}?handler=Roles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(AccountRules.CannotDropOwnAdministrator, await response.TextAsync());
        var roles = await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ClinicBlogUser>>();
            return await users.GetRolesAsync((await users.FindByIdAsync(me))!);
        });
        Assert.Equal(["Administrator"], roles);
    }

    [Fact]
    public async Task A_user_manager_cannot_hand_out_a_role_with_permissions_they_lack()
    {
        await site.ApplyRolesAsync("""{ "Name": "Doorkeeper", "Permissions": ["ManageUsers"] }""");
        await site.CreateUserAsync("doorkeeper", "doorkeeper password 1", "Doorkeeper");
        var target = await site.CreateUserAsync("climber", "climber password 1", "Moderator");
        var keeper = await site.SignInAsync("doorkeeper", "doorkeeper password 1");

        var response = await Forms.PostAsync(keeper, $"/admin/users/{target}", new[] { KeyValuePair.Create("Roles", "Moderator"), KeyValuePair.Create("Roles", "Administrator") },
            action: $"/admin/users/{target}?handler=Roles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You cannot give the role Administrator: it has permissions you do not have yourself", await response.TextAsync());
    }

    private Task<string> MyIdAsync() =>
        site.WithServicesAsync(async s => (await s.GetRequiredService<UserManager<ClinicBlogUser>>().FindByNameAsync(site.Setup.AdminUserName))!.Id);
}
