using AngleSharp.Dom;
using ClinicBlog.Comments;
using ClinicBlog.Dashboard;
using ClinicBlog.Data;
using ClinicBlog.Tests.Articles;
using ClinicBlog.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Dashboard;

/// <summary>A site with one signed-in account per default role and two comments waiting (so the menu's count is not zero).</summary>
public sealed class MenuSite : IAsyncLifetime
{
    private readonly TempDirectory folder = new();

    internal SiteFactory Factory { get; private set; } = null!;

    internal Dictionary<string, StaffSession> Staff { get; } = [];

    internal long PendingCommentId { get; private set; }

    public async Task InitializeAsync()
    {
        Factory = new SiteFactory(folder.Path, SetupSettings.Default);
        Staff[Permissions.Roles.Administrator] = await StaffSession.AdminAsync(Factory);
        foreach (var role in new[] { Permissions.Roles.Editor, Permissions.Roles.Moderator, Permissions.Roles.GuestAuthor })
            Staff[role] = await StaffSession.NewUserAsync(Factory, "menu-" + role.ToLowerInvariant(), role);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        Comment[] waiting =
        [
            new() { ArticleId = "4articleiastmfootpain0000a", AuthorName = "Menu Reader", Body = "Waiting one.", Status = CommentStatus.Pending, CreatedUtc = DateTime.UtcNow },
            new() { ArticleId = "4articleiastmfootpain0000a", AuthorName = "Menu Reader", Body = "Waiting two.", Status = CommentStatus.Pending, CreatedUtc = DateTime.UtcNow },
        ];
        db.Comments.AddRange(waiting);
        await db.SaveChangesAsync();
        PendingCommentId = waiting[0].Id;
    }

    public async Task DisposeAsync()
    {
        foreach (var session in Staff.Values) session.Dispose();
        await Factory.DisposeAsync();
        folder.Dispose();
    }
}

/// <summary>The dashboard menu as each default role sees it: its entries, their order, the page marked current, the count.</summary>
public sealed class AdminMenuTests(MenuSite site) : IClassFixture<MenuSite>
{
    private const string Dashboard = "Dashboard /admin", Comments = "Comments /admin/comments", Articles = "Articles /admin/articles",
        Authors = "Authors /admin/authors", Bio = "Your bio /admin/me/bio", Users = "Users /admin/users", Roles = "Roles /admin/roles",
        Settings = "Settings /admin/settings", Audit = "Audit trail /admin/audit";

    public static TheoryData<string, string[]> Menus => new()
    {
        { Permissions.Roles.Moderator, [Dashboard, Comments] },
        { Permissions.Roles.Editor, [Dashboard, Comments, Articles, Authors, Bio] },
        { Permissions.Roles.GuestAuthor, [Dashboard, Articles, Bio] },
        { Permissions.Roles.Administrator, [Dashboard, Comments, Articles, Authors, Bio, Users, Roles, Settings, Audit] },
    };

    [Theory]
    [MemberData(nameof(Menus))]
    public async Task Each_role_sees_exactly_its_entries_in_order_with_the_dashboard_home_current(string role, string[] expected)
    {
        var nav = (await site.Staff[role].PageAsync("/admin")).QuerySelector("nav.admin-nav[aria-label=Dashboard]")!;

        Assert.Equal(expected, nav.QuerySelectorAll("li > a").Select(Entry));
        Assert.Equal(["Dashboard"], nav.QuerySelectorAll("a[aria-current=page]").Select(OwnText));
    }

    [Theory]
    [InlineData(Permissions.Roles.Moderator)]
    [InlineData(Permissions.Roles.Editor)]
    [InlineData(Permissions.Roles.Administrator)]
    public async Task Comments_shows_how_many_wait_in_numbers_and_in_words(string role)
    {
        var pending = await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => c.Status == CommentStatus.Pending));
        Assert.True(pending >= 2);

        var link = (await site.Staff[role].PageAsync("/admin")).QuerySelector("nav.admin-nav a[href='/admin/comments']")!;

        Assert.Equal($"Comments {pending} pending", string.Join(' ', link.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        // The moderation queue's script updates the number through this attribute after each action.
        Assert.Equal(pending.ToString(System.Globalization.CultureInfo.InvariantCulture), link.QuerySelector(".count[data-pending-count]")!.TextContent);
        Assert.Equal(" pending", link.QuerySelector(".visually-hidden")!.TextContent);
    }

    [Fact]
    public async Task Nobody_without_moderation_sees_the_comments_count()
    {
        var page = await site.Staff[Permissions.Roles.GuestAuthor].PageAsync("/admin");
        Assert.Null(page.QuerySelector("[data-pending-count]"));
    }

    [Theory]
    [InlineData("/admin", "Dashboard")]
    [InlineData("/admin/comments", "Comments")]
    [InlineData("/admin/comments/{pending}/edit", "Comments")]
    [InlineData("/admin/articles", "Articles")]
    [InlineData("/admin/articles/new", "Articles")]
    [InlineData("/admin/articles/review", "Articles")]
    [InlineData("/admin/articles/4articleiastmfootpain0000a/history", "Articles")]
    [InlineData("/admin/authors/invite", "Authors")]
    [InlineData("/admin/authors/4authorjoefleming00000000a", "Authors")]
    [InlineData("/admin/me/bio", "Your bio")]
    [InlineData("/admin/users/invite", "Users")]
    [InlineData("/admin/roles/Moderator", "Roles")]
    [InlineData("/admin/settings", "Settings")]
    [InlineData("/admin/audit", "Audit trail")]
    [InlineData("/admin/account/password", null)]
    public async Task The_entry_of_the_page_one_is_on_is_marked_current(string path, string? current)
    {
        var page = await site.Staff[Permissions.Roles.Administrator].PageAsync(path.Replace("{pending}", site.PendingCommentId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var marked = page.QuerySelectorAll("nav.admin-nav a[aria-current]").ToList();
        Assert.Equal(current is null ? [] : [current], marked.Select(OwnText));
        Assert.All(marked, a => Assert.Equal("page", a.GetAttribute("aria-current")));
    }

    [Fact]
    public async Task A_group_a_feature_adds_is_drawn_as_a_list_under_its_heading_for_those_with_its_permission()
    {
        await using var withReports = site.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddAdminMenuEntry(new("Monthly report", "/admin/reports/monthly", 90, [Permissions.ViewAuditTrail]) { Group = "Reports" });
            services.AddAdminMenuEntry(new("Yearly report", "/admin/reports/yearly", 91, [Permissions.ViewAuditTrail]) { Group = "Reports" });
        }));
        using var admin = await StaffSession.AdminAsync(withReports);
        using var moderator = await StaffSession.NewUserAsync(withReports, "menu-moderator-reports", Permissions.Roles.Moderator);

        var nav = (await admin.PageAsync("/admin")).QuerySelector("nav.admin-nav")!;
        var group = nav.QuerySelector("nav > ul > li.admin-nav-group")!;
        Assert.Equal("Reports", group.QuerySelector(".admin-nav-heading")!.TextContent);
        Assert.Equal(["Monthly report /admin/reports/monthly", "Yearly report /admin/reports/yearly"], group.QuerySelectorAll("li > ul > li > a").Select(Entry));
        Assert.Same(group, nav.QuerySelector("ul")!.Children.Last());

        var moderatorNav = (await moderator.PageAsync("/admin")).QuerySelector("nav.admin-nav")!;
        Assert.Equal([Dashboard, Comments], moderatorNav.QuerySelectorAll("li > a").Select(Entry));
        Assert.Null(moderatorNav.QuerySelector(".admin-nav-group"));
    }

    /// <summary>"Comments /admin/comments": the link's own words (not its count) and where it goes.</summary>
    private static string Entry(IElement a) => $"{OwnText(a)} {a.GetAttribute("href")}";

    private static string OwnText(IElement a) => string.Concat(a.ChildNodes.OfType<IText>().Select(t => t.Data)).Trim();
}
