using System.Security.Claims;
using ClinicBlog.Articles;
using ClinicBlog.AuditTrail;
using ClinicBlog.Authors.Admin;
using ClinicBlog.Dashboard;
using ClinicBlog.Moderation;
using ClinicBlog.Roles;
using ClinicBlog.Site;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Dashboard;

/// <summary>The dashboard menu without HTTP: what a feature registers is what an account with its permission sees.</summary>
public sealed class AdminMenuEntryTests
{
    /// <summary>A feature of a test's own, registered as the real ones are, from its registration class.</summary>
    private static IServiceCollection AddReports(IServiceCollection services, Func<int> count) =>
        services.AddAdminMenuEntry(new("Reports", "/admin/reports", Position: 25, AnyOf: [Permissions.ViewAuditTrail, Permissions.ManageSettings])
        {
            Count = new("reports", "new", (_, _) => Task.FromResult(count())),
        });

    /// <summary>
    /// The module's features' own registrations (those that add menu entries), as ClinicBlogModule calls them; nothing
    /// is resolved but the menu, so no database is needed (the accounts below lack ModerateComments, whose count reads it).
    /// </summary>
    private static IServiceCollection Features()
    {
        var services = new ServiceCollection();
        services.AddArticles().AddAuthorsAdmin().AddModeration().AddDashboard().AddUsers().AddRoles().AddSite().AddAuditTrail();
        return services;
    }

    private static ClaimsPrincipal UserWith(params string[] permissions) =>
        new(new ClaimsIdentity(permissions.Select(p => new Claim(Permissions.ClaimType, p)), "test"));

    private static async Task<List<string>> MenuAsync(IServiceCollection services, ClaimsPrincipal user, string path = "/admin")
    {
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var menu = await scope.ServiceProvider.GetRequiredService<AdminMenu>().ForAsync(user, new PathString(path), CancellationToken.None);
        return menu.SelectMany(g => g.Items.Select(i => (g.Name is null ? "" : g.Name + ": ") + i.Entry.Text
            + (i.Count is { } n ? $" ({n})" : "") + (i.IsCurrent ? " *" : ""))).ToList();
    }

    [Fact]
    public async Task A_new_feature_s_entry_shows_in_its_place_for_an_account_with_one_of_its_permissions_and_not_for_one_without()
    {
        var counted = 0;
        var services = Features();
        AddReports(services, () => ++counted);

        // Position 25: between Articles (20) and Authors (30), for either of its permissions.
        Assert.Equal(["Dashboard *", "Articles", "Reports (1)", "Authors", "Audit trail"],
            await MenuAsync(services, UserWith(Permissions.EditAllArticles, Permissions.ManageAuthors, Permissions.ViewAuditTrail)));
        Assert.Equal(["Dashboard *", "Reports (2)", "Settings"], await MenuAsync(services, UserWith(Permissions.ManageSettings)));

        Assert.Equal(["Dashboard *", "Articles", "Authors"], await MenuAsync(services, UserWith(Permissions.EditAllArticles, Permissions.ManageAuthors)));
        // Its count is not even read for an account that does not see it.
        Assert.Equal(2, counted);
    }

    [Fact]
    public async Task Without_the_feature_s_registration_there_is_no_entry()
    {
        Assert.Equal(["Dashboard *", "Roles", "Settings", "Audit trail"],
            await MenuAsync(Features(), UserWith(Permissions.ViewAuditTrail, Permissions.ManageSettings, Permissions.ManageRoles)));
    }

    [Fact]
    public async Task Entries_of_a_group_are_listed_together_under_it_in_the_place_of_its_first()
    {
        var services = new ServiceCollection();
        services.AddDashboard();
        services.AddAdminMenuEntry(new("Monthly", "/admin/reports/monthly", 25, [Permissions.ViewAuditTrail]) { Group = "Reports" });
        services.AddAdminMenuEntry(new("Backups", "/admin/backups", 30, [Permissions.ManageSettings]));
        services.AddAdminMenuEntry(new("Weekly", "/admin/reports/weekly", 20, [Permissions.ViewAuditTrail]) { Group = "Reports" });
        services.AddAdminMenuEntry(new("All reports", "/admin/reports", 40, [Permissions.ViewAuditTrail]) { Group = "Reports" });

        var all = UserWith(Permissions.ViewAuditTrail, Permissions.ManageSettings);
        Assert.Equal(["Dashboard", "Reports: Weekly", "Reports: Monthly *", "Reports: All reports", "Backups"],
            await MenuAsync(services, all, "/admin/reports/monthly"));
        // One page, one current entry: "/admin/reports" covers the monthly report's page too, but "Monthly" is closer.
        Assert.Equal(["Dashboard", "Reports: Weekly", "Reports: Monthly", "Reports: All reports *", "Backups"],
            await MenuAsync(services, all, "/admin/reports/yearly"));
        Assert.Equal(["Dashboard *", "Backups"], await MenuAsync(services, UserWith(Permissions.ManageSettings)));
    }

    [Theory]
    [InlineData("/admin/articles", true, "/admin/articles", true)]
    [InlineData("/admin/articles", true, "/admin/articles/", true)]
    [InlineData("/admin/articles", true, "/Admin/Articles", true)]
    [InlineData("/admin/articles", true, "/admin/articles/4a/history", true)]
    [InlineData("/admin/articles", true, "/admin/articlesandmore", false)]
    [InlineData("/admin/articles", true, "/admin", false)]
    [InlineData("/admin", false, "/admin", true)]
    [InlineData("/admin", false, "/admin/", true)]
    [InlineData("/admin", false, "/admin/comments", false)]
    public void A_path_covers_its_page_and_below_by_whole_segments(string path, bool andBelow, string request, bool matches) =>
        Assert.Equal(matches, new AdminMenuPath(path, andBelow).Matches(new PathString(request)));

    [Fact]
    public void A_misspelt_permission_or_an_unsafe_count_hook_is_refused_when_the_feature_registers()
    {
        var services = new ServiceCollection();
        var wrong = Assert.Throws<ArgumentException>(() => services.AddAdminMenuEntry(new("Reports", "/admin/reports", 15, ["ViewAudits"])));
        Assert.Contains("'ViewAudits' is no permission", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => services.AddAdminMenuEntry(new("Reports", "/admin/reports", 15, [Permissions.ViewAuditTrail])
        {
            Count = new("x onmouseover=alert(1)", "new", (_, _) => Task.FromResult(0)),
        }));
        Assert.Throws<ArgumentException>(() => services.AddAdminMenuEntry(new("Reports", "admin/reports", 15, [Permissions.ViewAuditTrail])));
        Assert.Empty(services);
    }
}
