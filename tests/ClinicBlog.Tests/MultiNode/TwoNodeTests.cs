using System.Net;
using ClinicBlog.Articles;
using ClinicBlog.Data;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Tests.MultiNode;

/// <summary>Two web nodes (two processes) on one PostgreSQL database: one site, whichever node a request reaches.</summary>
/// <remarks>Needs the PostgreSQL server that tests/run starts (CLINICBLOG_TEST_POSTGRES).</remarks>
[Collection(NodeProcesses.Name)]
public sealed class TwoNodeTests : IAsyncLifetime
{
    private const string Article = "/articles/iastm-and-foot-pain";

    /// <summary>What a node's publisher logs (at Debug) each time it has looked for due articles.</summary>
    private const string PublisherRound = "Looked for scheduled articles due";

    private readonly TempDirectory folder = new();
    private NodeProcess nodeA = null!;
    private NodeProcess nodeB = null!;
    private string database = "";

    public async Task InitializeAsync()
    {
        database = TestDatabase.CreatePostgresDatabase("cbt_twonode_" + Guid.NewGuid().ToString("N")[..12]);
        var both = new Dictionary<string, string>
        {
            // The publisher looks often, so a test waits for what it did rather than for its next turn.
            ["ClinicBlog__Publishing__ScheduleInterval"] = "00:00:00.2",
            ["Logging__LogLevel__ClinicBlog.Articles.ScheduledPublisher"] = "Debug",
            // The time trap would make a test wait out its 3 seconds in real time; its rules are tested in Comments.
            ["ClinicBlog__Comments__AbuseControls"] = "Off",
        };
        var setup = new Dictionary<string, string>(both)
        {
            ["ClinicBlog__Setup__SiteName"] = "Two Node Clinic",
            ["ClinicBlog__Setup__AdminUserName"] = SetupSettings.Default.AdminUserName,
            ["ClinicBlog__Setup__AdminEmail"] = SetupSettings.Default.AdminEmail,
            ["ClinicBlog__Setup__AdminPassword"] = SetupSettings.Default.AdminPassword,
        };
        // Both start at once on an empty database: migrations must not race (the nodes take turns, by advisory lock).
        nodeA = NodeProcess.Start(database, Path.Combine(folder.Path, "a"), setup);
        nodeB = NodeProcess.Start(database, Path.Combine(folder.Path, "b"), both);
        try
        {
            await Task.WhenAll(
                nodeA.WaitForAsync(Article, "IASTM And Foot Pain", TimeSpan.FromSeconds(90)),
                nodeB.WaitForAsync(Article, "IASTM And Foot Pain", TimeSpan.FromSeconds(90)));
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: the node that did start must not outlive the test run.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await nodeA.DisposeAsync();
        await nodeB.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task A_sign_in_on_one_node_works_on_the_other_and_a_comment_approved_on_one_shows_on_both()
    {
        // Sign in on A; the same cookie (Data Protection keys in the shared database) opens the dashboard on B.
        var staffCookies = new CookieContainer();
        using var staffA = Client(nodeA, staffCookies);
        using var staffB = Client(nodeB, staffCookies);
        var signIn = Html.Parse(await staffA.GetStringAsync("/admin/sign-in"));
        var signedIn = await staffA.PostAsync("/admin/sign-in", Form(
            ("__RequestVerificationToken", Token(signIn)),
            ("Input.Login", SetupSettings.Default.AdminUserName),
            ("Input.Password", SetupSettings.Default.AdminPassword)));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var dashboardOnB = await staffB.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, dashboardOnB.StatusCode);

        // A reader posts on A (the page is now in A's cache, and in B's).
        using var reader = Client(nodeA, new CookieContainer());
        using var otherReaderOnB = Client(nodeB, new CookieContainer());
        Assert.DoesNotContain("two nodes, one thread", await reader.GetStringAsync(Article));
        Assert.DoesNotContain("two nodes, one thread", await otherReaderOnB.GetStringAsync(Article));
        var state = System.Text.Json.JsonDocument.Parse(await reader.GetStringAsync(Article + "/comments/state")).RootElement;
        var posted = await reader.PostAsync(Article + "/comments", Form(
            (state.GetProperty("tokenField").GetString()!, state.GetProperty("token").GetString()!),
            ("Stamp", state.GetProperty("stamp").GetString()!),
            ("Name", "Nora Node"), ("Email", "nora.node@example.org"), ("Body", "two nodes, one thread")));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        // A moderator approves it on B.
        var queue = Html.Parse(await staffB.GetStringAsync("/admin/comments"));
        var row = queue.QuerySelectorAll("tr[data-comment-id]").Single(r => r.TextContent.Contains("two nodes, one thread"));
        var approved = await staffB.PostAsync("/admin/comments?handler=Act", Form(
            ("__RequestVerificationToken", Token(queue)), ("Do", "approve"), ("ReturnUrl", "/admin/comments"),
            ("Ids", row.GetAttribute("data-comment-id")!)));
        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);

        // Within a second both nodes show it to anyone, though A had the page cached from before.
        using var anyone = Client(nodeA, new CookieContainer());
        await Eventually(async () => (await anyone.GetStringAsync(Article)).Contains("two nodes, one thread"), TimeSpan.FromSeconds(1.5));
        await Eventually(async () => (await otherReaderOnB.GetStringAsync(Article)).Contains("two nodes, one thread"), TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain("nora.node", await anyone.GetStringAsync(Article));
    }

    [Fact]
    public async Task A_scheduled_article_is_published_once_though_both_nodes_run_the_publisher()
    {
        // An editor scheduled it two seconds from now (written here as the editor's page would: Scheduled, with a time).
        const string id = "4articletwonodeschedule0a";
        await using (var db = Database())
        {
            db.Articles.Add(new GuestArticle
            {
                ContentItemId = id,
                AuthorBioId = "4authorreginadurbin000000a",
                Status = ArticleStatus.Scheduled,
                ScheduledUtc = DateTime.UtcNow.AddSeconds(2),
                CreatedUtc = DateTime.UtcNow,
                ModifiedUtc = DateTime.UtcNow,
                Latest = new ArticleVersion { Title = "Two nodes, one publication", Slug = "two-nodes-one-publication", Markdown = "Published **once**." },
            });
            await db.SaveChangesAsync();
        }

        using var readerA = Client(nodeA, new CookieContainer());
        using var readerB = Client(nodeB, new CookieContainer());
        Assert.Equal(HttpStatusCode.NotFound, (await readerA.GetAsync("/articles/two-nodes-one-publication")).StatusCode);

        // Both nodes' publishers look for it; whichever claims it first publishes it, the other finds nothing.
        await Eventually(async () => (await readerA.GetAsync("/articles/two-nodes-one-publication")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(40));
        await Eventually(async () => (await readerB.GetAsync("/articles/two-nodes-one-publication")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(1.5));

        // Then both publishers finish a round begun after it was published (a round already under way ends first): one
        // that had read it as due before the other published it has had its chance to publish it again. Two rounds 0.2 s
        // apart are given 10 s, less than one default interval: a node still looking every 15 s fails here.
        var roundsA = nodeA.CountInOutput(PublisherRound);
        var roundsB = nodeB.CountInOutput(PublisherRound);
        await Eventually(() => Task.FromResult(
            nodeA.CountInOutput(PublisherRound) >= roundsA + 2 && nodeB.CountInOutput(PublisherRound) >= roundsB + 2), TimeSpan.FromSeconds(10));
        Assert.Equal(1, nodeA.CountInOutput($"Published scheduled article {id}") + nodeB.CountInOutput($"Published scheduled article {id}"));

        await using (var db = Database())
        {
            var article = await db.Articles.AsNoTracking().SingleAsync(a => a.ContentItemId == id);
            Assert.Equal(ArticleStatus.Published, article.Status);
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ItemId == id && e.Action == "article.publish"));
            Assert.Equal(1, await db.ArticleRevisions.CountAsync(r => r.ArticleId == id && r.Note == "published as scheduled"));
        }
    }

    private PostgresClinicBlogDbContext Database() =>
        new(new DbContextOptionsBuilder<PostgresClinicBlogDbContext>().UseNpgsql(database).Options);

    private static HttpClient Client(NodeProcess node, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(node.BaseUrl) };

    private static string Token(AngleSharp.Dom.IDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not true within {within.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
