using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Moderation;
using ClinicBlog.Privacy;
using ClinicBlog.Tests.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace ClinicBlog.Tests.Browser;

/// <summary>Who is at the keyboard.</summary>
public enum Visitor
{
    Reader,

    /// <summary>The administrator created by setup, signed in through the sign-in form.</summary>
    Administrator,

    /// <summary>An account in the recipe's Moderator role (ModerateComments only: no ViewCommenterEmail), signed in through the form.</summary>
    Moderator,
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

    /// <summary>The moderator account the page templates are opened as (journey 2 makes its own).</summary>
    public const string ModeratorUserName = "moderator";

    /// <summary>The password of every account <see cref="CreateUserAsync"/> makes.</summary>
    internal const string StaffPassword = "a staff password 42";

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<Visitor, string> signedIn = [];
    private KestrelSite? notSetUp;
    private IPlaywright? playwright;

    internal KestrelSite Site { get; private set; } = null!;

    internal SetupSettings Setup => SetupSettings.Default;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The approved comment seeded on <see cref="ThreadSlug"/>.</summary>
    public long ApprovedCommentId { get; private set; }

    /// <summary>A reader's comment seeded on <see cref="ThreadSlug"/> that stays pending: the queue always has a row to show.</summary>
    public long PendingCommentId { get; private set; }

    /// <summary>The account id of <see cref="ModeratorUserName"/>, for the user page.</summary>
    public string ModeratorUserId { get; private set; } = "";

    /// <summary>Where the site writes mail as .eml files (no SMTP host is configured).</summary>
    public string MailFolder => Path.Combine(Site.DataDirectory, "mail");

    /// <summary>Where screenshots of failed tests go: test output, beside the test assembly.</summary>
    public static string FailuresDirectory => Path.Combine(AppContext.BaseDirectory, "e2e-failures");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run tests/run (it installs Debian's chromium) or `apt-get install -y chromium`.");

        Site = KestrelSite.Start(Setup);
        await SeedThreadAsync();
        ModeratorUserId = await CreateUserAsync(ModeratorUserName, Permissions.Roles.Moderator, "Morgan Reyes");

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
    /// <param name="from">
    /// The reader's own IP address, sent as <c>X-Forwarded-For</c> (this site trusts its loopback proxy): the per-IP flood
    /// interval and rate limit then see each journey's reader as another person, as they would be.
    /// </param>
    internal async Task<IBrowserContext> NewContextAsync(Visitor visitor, SiteState state, int width, string? from = null)
    {
        var site = await SiteAsync(state);
        return await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.Http.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = "en-US",
            ColorScheme = Environment.GetEnvironmentVariable("CLINICBLOG_COLOR_SCHEME") == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            StorageState = visitor == Visitor.Reader ? null : await SignedInStateAsync(visitor),
            ExtraHTTPHeaders = from is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = from },
            // Links in the site's emails carry its https address, whose certificate is the throwaway one made for the tests.
            IgnoreHTTPSErrors = true,
        });
    }

    /// <summary>A staff visitor's cookies, from signing in once through the form.</summary>
    private async Task<string> SignedInStateAsync(Visitor visitor)
    {
        var (login, password) = visitor switch
        {
            Visitor.Administrator => (Setup.AdminUserName, Setup.AdminPassword),
            Visitor.Moderator => (ModeratorUserName, StaffPassword),
            _ => throw new ArgumentOutOfRangeException(nameof(visitor)),
        };
        await gate.WaitAsync();
        try
        {
            if (signedIn.TryGetValue(visitor, out var known)) return known;
            await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Site.Http.ToString() });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/admin/sign-in");
            await page.GetByLabel("User name or email", new() { Exact = true }).FillAsync(login);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
            await page.RunAndWaitForDocumentAsync(() => page.GetByLabel("Password", new() { Exact = true }).PressAsync("Enter"));
            if (new Uri(page.Url).AbsolutePath != "/admin")
                throw new InvalidOperationException($"Signing in as {login} ended on {page.Url}, not /admin.");
            return signedIn[visitor] = await context.StorageStateAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Creates an active account in <paramref name="role"/> (a role of the recipe) with UserManager; returns its id.</summary>
    /// <remarks>Its password is <see cref="StaffPassword"/>, its email <c>{userName}@staff.example</c>.</remarks>
    internal async Task<string> CreateUserAsync(string userName, string role, string displayName)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ClinicBlogUser>>();
        var user = new ClinicBlogUser { UserName = userName, Email = $"{userName}@staff.example", EmailConfirmed = true, DisplayName = displayName };
        var created = await users.CreateAsync(user, StaffPassword);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded) throw new InvalidOperationException(string.Join("; ", added.Errors.Select(e => e.Description)));
        return user.Id;
    }

    /// <summary>
    /// Sends what the outbox holds now, then returns the mail written to <paramref name="address"/> (as .eml files), oldest first.
    /// </summary>
    /// <remarks>The site's own dispatcher runs every few seconds and may hold a message's claim: send until nothing is left unsent.</remarks>
    public async Task<IReadOnlyList<SentMail>> MailToAsync(string address)
    {
        var dispatcher = Site.Services.GetRequiredService<MailDispatcher>();
        for (var i = 0; i < 100; i++)
        {
            await dispatcher.SendDueAsync(CancellationToken.None);
            var unsent = await Site.Factory.QueryAsync(db => db.OutboxMails.CountAsync(m => m.SentUtc == null));
            if (unsent == 0) break;
            await Task.Delay(100);
        }

        if (!Directory.Exists(MailFolder)) return [];
        var mail = new List<SentMail>();
        foreach (var file in Directory.GetFiles(MailFolder, "*.eml").Order(StringComparer.Ordinal))
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase)))
                mail.Add(new SentMail(Path.GetFileName(file), message));
        }

        return mail;
    }

    /// <summary>
    /// Stores a pending comment directly, as the public form would have (protected email, keyed hash), and evicts the
    /// article's cached pages as every real path that changes a thread does. Returns its id.
    /// </summary>
    public async Task<long> AddCommentAsync(string slug, string name, string email, string body, long? parentId = null,
        DateTime? createdUtc = null, string? website = null, bool notifyReplies = false)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var emails = scope.ServiceProvider.GetRequiredService<EmailProtector>();
        var articleId = await db.Articles.Where(a => a.Published != null && a.Published.Slug == slug).Select(a => a.ContentItemId).SingleAsync();
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
            CreatedUtc = createdUtc ?? DateTime.UtcNow,
            NotifyReplies = notifyReplies,
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<ClinicBlog.Caching.PageCache>().InvalidateAsync([ClinicBlog.Caching.PageTags.Article(articleId)]);
        return comment.Id;
    }

    /// <summary>The keyed hash the site stores for a commenter's IP address.</summary>
    public async Task<string> HashIpAsync(string ip)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmailProtector>().HashIpAsync(ip);
    }

    /// <summary>Approves comments through the moderation queue, as a moderator's click does (mail, cache, audit trail follow).</summary>
    public async Task ApproveAsync(params long[] ids)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var changed = await scope.ServiceProvider.GetRequiredService<ModerationQueue>().ApproveAsync(ids, CancellationToken.None);
        if (changed.Count != ids.Length) throw new InvalidOperationException($"Approved {changed.Count} of the {ids.Length} comments {string.Join(", ", ids)}.");
    }

    /// <summary>
    /// An approved comment with an approved reply under <see cref="ThreadSlug"/>, approved through the moderation queue,
    /// and a comment there that stays pending.
    /// </summary>
    private async Task SeedThreadAsync()
    {
        var now = DateTime.UtcNow;
        var question = await AddCommentAsync(ThreadSlug, "Dana Whitfield", "dana@example.com",
            "Does massage help with plantar fasciitis too, or only with muscle imbalance? My heel hurts most in the morning.",
            createdUtc: now.AddHours(-6), website: "https://dana.example.com");
        var answer = await AddCommentAsync(ThreadSlug, "Regina Durbin", "regina@example.com",
            "It can help: we often combine soft tissue work on the calf and arch with stretching. Morning heel pain is typical of plantar fasciitis, so do get it checked.",
            question, now.AddHours(-5));
        await ApproveAsync(question, answer);
        ApprovedCommentId = question;

        // Left pending for good (no test acts on it): the queue always has a row, the comment editor a comment.
        PendingCommentId = await AddCommentAsync(ThreadSlug, "Tomasz Wierzbicki", "tomasz@example.com",
            "I run 40 km a week and my arches ache after long runs. Would massage before or after a run help more?",
            createdUtc: now.AddHours(-1));
    }
}

/// <summary>One test's browser contexts and pages, closed at the end; each page's console errors are recorded.</summary>
public sealed class BrowserSession(BrowserSite site) : IAsyncDisposable
{
    private readonly List<IBrowserContext> contexts = [];
    private readonly List<BrowserTab> tabs = [];

    /// <summary>A page in a new browser context: another reader, or the same one in another browser.</summary>
    /// <param name="from">The reader's IP address as the site sees it (through its trusted loopback proxy); by default the browser's own, 127.0.0.1.</param>
    public async Task<BrowserTab> NewTabAsync(Visitor visitor = Visitor.Reader, SiteState state = SiteState.SetUp, int width = 1280, string? from = null)
    {
        var context = await site.NewContextAsync(visitor, state, width, from);
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

/// <summary>One email the site wrote, by its file name in the mail folder.</summary>
public sealed record SentMail(string File, MimeMessage Message)
{
    public string Text => Message.TextBody ?? "";
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
