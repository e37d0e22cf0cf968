using System.Net;
using ClinicBlog.Data;
using ClinicBlog.Roles;
using ClinicBlog.Tests.Support;
using ClinicBlog.Tests.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Roles;

/// <summary>The roles page: permissions granted and revoked take effect at the next check, roles created and deleted.</summary>
public sealed class RoleAdminTests(RoleAdminTests.Site site) : IClassFixture<RoleAdminTests.Site>
{
    public sealed class Site : DashboardSite;

    [Fact]
    public async Task The_list_shows_descriptions_and_member_counts()
    {
        await site.CreateUserAsync("countedmod", "countedmod password 1", "Moderator");
        var admin = await site.SignInAsAdminAsync();

        var doc = Html.Parse(await (await admin.GetAsync("/admin/roles")).Content.ReadAsStringAsync());

        var rows = doc.QuerySelectorAll("table.data tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim());
        Assert.Contains("Administrator", rows.Keys);
        Assert.Equal($"{Permissions.All.Count} of {Permissions.All.Count}", rows["Administrator"].QuerySelector("[data-label=Permissions]")!.TextContent.Trim());
        Assert.True(int.Parse(rows["Moderator"].QuerySelector("[data-label=Members]")!.TextContent) >= 1);
    }

    [Fact]
    public async Task The_role_page_explains_each_permission_in_a_line()
    {
        var admin = await site.SignInAsAdminAsync();

        var doc = Html.Parse(await (await admin.GetAsync("/admin/roles/Moderator")).Content.ReadAsStringAsync());

        foreach (var p in Permissions.All)
        {
            var box = doc.QuerySelector($"input[name=Granted][value={p}]")!;
            Assert.Equal(p == Permissions.ModerateComments, box.HasAttribute("checked"));
            Assert.Equal(PermissionDescriptions.For(p), doc.GetElementById($"perm-{p}-hint")!.TextContent);
            Assert.NotEmpty(PermissionDescriptions.For(p));
        }
    }

    [Fact]
    public async Task Revoking_a_permission_takes_it_away_at_the_next_check_and_granting_gives_it_back()
    {
        await site.ApplyRolesAsync("""{ "Name": "SiteKeeper", "Permissions": ["ManageSettings", "ModerateComments"] }""");
        await site.CreateUserAsync("keeper", "keeper password 1", "SiteKeeper");
        var keeper = await site.SignInAsync("keeper", "keeper password 1");
        Assert.Equal(HttpStatusCode.OK, (await keeper.GetAsync("/admin/settings")).StatusCode);
        Assert.Contains("href=\"/admin/comments\"", await (await keeper.GetAsync("/admin")).Content.ReadAsStringAsync());
        var admin = await site.SignInAsAdminAsync();

        var revoked = await Forms.PostAsync(admin, "/admin/roles/SiteKeeper", new() { ["Granted"] = "ManageSettings", ["Description"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.DoesNotContain("href=\"/admin/comments\"", await (await keeper.GetAsync("/admin")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await keeper.GetAsync("/admin/settings")).StatusCode);
        var entry = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries.SingleAsync(e => e.Action == "role.permissions" && e.ItemId == "SiteKeeper"));
        Assert.Equal(("ManageSettings, ModerateComments", "ManageSettings"), (entry.PreviousValue, entry.NewValue));

        await Forms.PostAsync(admin, "/admin/roles/SiteKeeper", new() { ["Description"] = "" });
        await Forms.AssertDeniedAsync(keeper, "/admin/settings");

        await Forms.PostAsync(admin, "/admin/roles/SiteKeeper", new() { ["Granted"] = "ManageSettings", ["Description"] = "Keeps the site" });
        Assert.Equal(HttpStatusCode.OK, (await keeper.GetAsync("/admin/settings")).StatusCode);
    }

    [Fact]
    public async Task A_role_is_created_and_deleted_only_when_nobody_has_it()
    {
        var admin = await site.SignInAsAdminAsync();

        var created = await Forms.PostAsync(admin, "/admin/roles", new() { ["NewName"] = "Physiotherapist" });
        var duplicate = await Forms.PostAsync(admin, "/admin/roles", new() { ["NewName"] = "physiotherapist" });
        var bad = await Forms.PostAsync(admin, "/admin/roles", new() { ["NewName"] = "1 bad name" });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/roles/Physiotherapist", created.Headers.Location?.OriginalString);
        Assert.Contains("There is already a role named", await duplicate.TextAsync());
        var badDoc = Html.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal("1 bad name", badDoc.QuerySelector("#NewName")!.GetAttribute("value"));
        Assert.Contains("A role name starts with a letter", badDoc.QuerySelector("#NewName-error")!.TextContent);

        await site.CreateUserAsync("stillmod", "stillmod password 1", "Moderator");
        var refused = await Forms.PostAsync(admin, "/admin/roles/Moderator", new(), action: "/admin/roles/Moderator?handler=Delete");
        var deleted = await Forms.PostAsync(admin, "/admin/roles/Physiotherapist", new(), action: "/admin/roles/Physiotherapist?handler=Delete");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Take the role away from them on the Users page first", await refused.TextAsync());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/roles/Physiotherapist")).StatusCode);
        var actions = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries
            .Where(e => e.ItemId == "Physiotherapist").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["role.create", "role.delete"], actions);
    }

    [Fact]
    public async Task The_Administrator_role_keeps_every_permission()
    {
        var admin = await site.SignInAsAdminAsync();

        var response = await Forms.PostAsync(admin, "/admin/roles/Administrator", new() { ["Granted"] = "ManageRoles" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(RoleRules.AdministratorIsFixed, await response.TextAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/settings")).StatusCode);
    }

    [Fact]
    public async Task A_role_manager_cannot_grant_a_permission_they_do_not_have()
    {
        await site.ApplyRolesAsync("""{ "Name": "RoleKeeper", "Permissions": ["ManageRoles"] }""");
        await site.CreateUserAsync("rolekeeper", "rolekeeper password 1", "RoleKeeper");
        var keeper = await site.SignInAsync("rolekeeper", "rolekeeper password 1");

        var response = await Forms.PostAsync(keeper, "/admin/roles/RoleKeeper", new[] { KeyValuePair.Create("Granted", "ManageRoles"), KeyValuePair.Create("Granted", "ManageSettings") });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You cannot grant ManageSettings: you do not have it yourself.", await response.TextAsync());
        await Forms.AssertDeniedAsync(keeper, "/admin/settings");
    }
}
