using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Moderation;
using ClinicBlog.Privacy;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClinicBlog.Tests.Browser;

/// <summary>Who is at the keyboard.</summary>
public enum Visitor
{
    Reader,

    /// <summary>The administrator created by setup, signed in through the sign-in form.</summary>
    Administrator,
}

/// <summary>Which of the two sites a page is on.</summary>
public enum SiteState
{
    SetUp,

    /// <summary>A site with no setup settings: it shows the setup page.</summary>
    NotSetUp,
}

/// <summary>
/// Debian's Chromium, driven by Playwright, in front of a site set up from the recipe on real Kestrel; shared by all
/// browser tests. Playwright's driver ships in its NuGet package; no browser is downloaded (<c>tests/run</c> installs
/// Debian's <c>chromium</c> when it is missing).
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The article whose thread holds the seeded approved comment and its approved reply.</summary>
    public const string ThreadSlug = "massage-therapy-for-your-foot-pain-and-injuries";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly SemaphoreSlim gate = new(1, 1);
    private KestrelSite? notSetUp;
    private string? administratorState;
    private IPlaywright? playwright;

    internal KestrelSite Site { get; private set; } = null!;

    internal SetupSettings Setup => SetupSettings.Default;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The approved comment seeded on <see cref="ThreadSlug"/>.</summary>
    public long ApprovedCommentId { get; private set; }

    /// <summary>Where screenshots of failed tests go: test output, beside the test assembly.</summary>
    public static string FailuresDirectory => Path.Combine(AppContext.BaseDirectory, "e2e-failures");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run tests/run (it installs Debian's chromium) or `apt-get install -y chromium`.");

        Site = KestrelSite.Start(Setup);
        await SeedThreadAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        // Null-safe: this runs after an InitializeAsync that failed part way too.
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (Site is not null) await Site.DisposeAsync();
        if (notSetUp is not null) await notSetUp.DisposeAsync();
    }

    /// <summary>The site a page is on; the one that is not set up starts on first use.</summary>
    internal async Task<KestrelSite> SiteAsync(SiteState state)
    {
        if (state == SiteState.SetUp) return Site;
        await gate.WaitAsync();
        try
        {
            return notSetUp ??= KestrelSite.Start(setup: null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Runs a test's browser work. When it fails, every page it opened is photographed into <see cref="FailuresDirectory"/>
    /// and the paths are added to the failure message.
    /// </summary>
    public async Task RunAsync(string testName, Func<BrowserSession, Task> test)
    {
        await using var session = new BrowserSession(this);
        try
        {
            await test(session);
        }
        catch (Exception e)
        {
            var shots = await session.ScreenshotAllAsync(testName);
            throw new BrowserTestFailure(e, shots);
        }
    }

    /// <summary>A new browser context (its own cookies), signed in as <paramref name="visitor"/>.</summary>
    internal async Task<IBrowserContext> NewContextAsync(Visitor visitor, SiteState state, int width)
    {
        var site = await SiteAsync(state);
        return await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.Http.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = "en-US",
            ColorScheme = Environment.GetEnvironmentVariable("CLINICBLOG_COLOR_SCHEME") == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            StorageState = visitor == Visitor.Administrator ? await AdministratorStateAsync() : null,
        });
    }

    /// <summary>The administrator's cookies, from signing in once through the form.</summary>
    private async Task<string> AdministratorStateAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (administratorState is not null) return administratorState;
            await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Site.Http.ToString() });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/admin/sign-in");
            await page.GetByLabel("User name or email", new() { Exact = true }).FillAsync(Setup.AdminUserName);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Setup.AdminPassword);
            await page.RunAndWaitForDocumentAsync(() => page.GetByLabel("Password", new() { Exact = true }).PressAsync("Enter"));
            if (new Uri(page.Url).AbsolutePath != "/admin")
                throw new InvalidOperationException($"Signing in as {Setup.AdminUserName} ended on {page.Url}, not /admin.");
            return administratorState = await context.StorageStateAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>An approved comment with an approved reply under <see cref="ThreadSlug"/>, approved through the moderation queue.</summary>
    private async Task SeedThreadAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var emails = scope.ServiceProvider.GetRequiredService<EmailProtector>();
        var articleId = await db.Articles.Where(a => a.Published != null && a.Published.Slug == ThreadSlug).Select(a => a.ContentItemId).SingleAsync();

        async Task<Comment> AddAsync(string name, string email, string body, long? parentId, DateTime created, string? website = null)
        {
            var comment = new Comment
            {
                ArticleId = articleId,
                ParentId = parentId,
                AuthorName = name,
                ProtectedEmail = emails.Protect(email),
                EmailHash = await emails.HashAsync(email),
                AuthorWebsite = website,
                Body = body,
                Status = CommentStatus.Pending,
                CreatedUtc = created,
            };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            return comment;
        }

        var now = DateTime.UtcNow;
        var question = await AddAsync("Dana Whitfield", "dana@example.com",
            "Does massage help with plantar fasciitis too, or only with muscle imbalance? My heel hurts most in the morning.",
            null, now.AddHours(-6), "https://dana.example.com");
        var answer = await AddAsync("Regina Durbin", "regina@example.com",
            "It can help: we often combine soft tissue work on the calf and arch with stretching. Morning heel pain is typical of plantar fasciitis, so do get it checked.",
            question.Id, now.AddHours(-5));
        await scope.ServiceProvider.GetRequiredService<ModerationQueue>().ApproveAsync([question.Id, answer.Id], CancellationToken.None);
        ApprovedCommentId = question.Id;
    }
}

/// <summary>One test's browser contexts and pages, closed at the end; each page's console errors are recorded.</summary>
public sealed class BrowserSession(BrowserSite site) : IAsyncDisposable
{
    private readonly List<IBrowserContext> contexts = [];
    private readonly List<BrowserTab> tabs = [];

    /// <summary>A page in a new browser context: another reader, or the same one in another browser.</summary>
    public async Task<BrowserTab> NewTabAsync(Visitor visitor = Visitor.Reader, SiteState state = SiteState.SetUp, int width = 1280)
    {
        var context = await site.NewContextAsync(visitor, state, width);
        contexts.Add(context);
        var tab = new BrowserTab(await context.NewPageAsync());
        tabs.Add(tab);
        return tab;
    }

    internal async Task<IReadOnlyList<string>> ScreenshotAllAsync(string testName)
    {
        Directory.CreateDirectory(BrowserSite.FailuresDirectory);
        var stem = string.Concat(testName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
        var paths = new List<string>();
        for (var i = 0; i < tabs.Count; i++)
        {
            var path = Path.Combine(BrowserSite.FailuresDirectory, $"{stem}-{i + 1}.png");
            try
            {
                await tabs[i].Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 10_000 });
                paths.Add(path);
            }
            catch (PlaywrightException e)
            {
                paths.Add($"(no screenshot of tab {i + 1}: {e.Message.Split('\n')[0]})");
            }
        }

        return paths;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in contexts) await context.DisposeAsync();
    }
}

/// <summary>A page, with what its console reported as errors and every response it received.</summary>
public sealed class BrowserTab
{
    public BrowserTab(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") ConsoleErrors.Add(new ConsoleError(message.Text, message.Location));
        };
        page.PageError += (_, error) => ConsoleErrors.Add(new ConsoleError($"uncaught: {error}", page.Url));
        page.Response += (_, response) => Responses.Add(response);
    }

    public IPage Page { get; }

    public List<ConsoleError> ConsoleErrors { get; } = [];

    public List<IResponse> Responses { get; } = [];
}

public sealed record ConsoleError(string Text, string Location)
{
    public override string ToString() => $"{Text} (at {Location})";
}

/// <summary>A browser test's failure, with where the screenshots of its pages are.</summary>
public sealed class BrowserTestFailure(Exception inner, IReadOnlyList<string> screenshots)
    : Exception($"{inner.Message}{Environment.NewLine}Screenshots: {(screenshots.Count == 0 ? "(no page was open)" : string.Join(", ", screenshots))}", inner);

/// <summary>The browser tests share one site and one browser, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSite>
{
    public const string Name = "Browser";
}
