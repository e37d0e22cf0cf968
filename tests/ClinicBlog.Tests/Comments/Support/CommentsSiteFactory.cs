using System.Net;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Moderation;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

using ClinicBlog.Tests.Support;

namespace ClinicBlog.Tests.Comments.Support;

/// <summary>
/// A whole site for comment tests: set up from the clinic-blog recipe in a temporary data directory, with a clock
/// the tests move, every log line kept, and mail written as .eml files that the tests send when they choose.
/// </summary>
/// <remarks>
/// The background mail dispatcher and moderation digest never start, so a test calls
/// <c>SendDueAsync</c> and <c>RunOnceAsync</c> itself and nothing races it. Each reader may come from its own IP
/// address (the <see cref="ReaderAddressHeader"/> header), so the per-IP limits are tested one reader at a time.
/// </remarks>
public class CommentsSiteFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string HotSlug = "iastm-and-foot-pain";
    public const string AdminUserName = "clinic-admin";
    public const string AdminEmail = "clinic-admin@example.org";
    public const string ReaderAddressHeader = ClientAddressFilter.Header;

    private static int readers;
    private readonly HashSet<string> mailSeen = new(StringComparer.Ordinal);

    public CommentsSiteFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "clinicblog-comments-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
    }

    public CommentsClock Clock { get; } = new();
    public CommentsLogSink Logs { get; } = new();
    public string DataDirectory { get; }
    public string MailFolder => Path.Combine(DataDirectory, "mail");

    /// <summary>Configuration beyond setup; subclasses turn abuse controls off, lower the rate limit or add SMTP.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        // High enough that only the tests about it meet the per-IP limit (its window is real time, not the clock's).
        ["ClinicBlog:Comments:PostsPerMinutePerIp"] = "10000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ClinicBlog:DataDirectory", DataDirectory);
        builder.UseSetting("ClinicBlog:Setup:SiteName", "Comments Test Clinic");
        builder.UseSetting("ClinicBlog:Setup:AdminUserName", AdminUserName);
        builder.UseSetting("ClinicBlog:Setup:AdminEmail", AdminEmail);
        builder.UseSetting("ClinicBlog:Setup:AdminPassword", "comments-test-42");
        foreach (var (key, value) in ExtraSettings) builder.UseSetting(key, value);

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
            services.Configure<LoggerFilterOptions>(o => o.AddFilter<CommentsLogSink>(null, LogLevel.Information));
            services.AddSingleton<IStartupFilter, ClientAddressFilter>();
            KeepIdle(services);
        });
    }

    public virtual async Task InitializeAsync()
    {
        try
        {
            _ = Server; // Starts the site: migration and setup from the recipe run here.
            var settings = await InScopeAsync(sp => sp.GetRequiredService<ClinicBlogDbContext>().SiteSettings.AsNoTracking().SingleAsync());
            if (settings.SetUpUtc is null) throw new InvalidOperationException("The site was not set up from the recipe.");
        }
        catch (Exception e)
        {
            var log = string.Join(Environment.NewLine, Logs.Lines.Where(l => !l.Contains("Executed DbCommand", StringComparison.Ordinal)));
            throw new InvalidOperationException($"The test site did not start: {e.Message}{Environment.NewLine}Its log:{Environment.NewLine}{log}", e);
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>A browser of its own: its own cookies, its own IP address, redirects not followed.</summary>
    public CommentsReader NewReader()
    {
        var n = Interlocked.Increment(ref readers);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var ip = $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
        client.DefaultRequestHeaders.Add(ReaderAddressHeader, ip);
        return new CommentsReader(client, Clock, ip);
    }

    internal async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    internal Task InScopeAsync(Func<IServiceProvider, Task> work) =>
        InScopeAsync(async sp =>
        {
            await work(sp);
            return true;
        });

    internal Task<Comment> CommentAsync(long id) =>
        InScopeAsync(sp => sp.GetRequiredService<ClinicBlogDbContext>().Comments.AsNoTracking().SingleAsync(c => c.Id == id));

    internal Task<int> ModerateAsync(CommentStatus status, params long[] ids) =>
        InScopeAsync(async sp =>
        {
            var queue = sp.GetRequiredService<ModerationQueue>();
            var changed = status switch
            {
                CommentStatus.Approved => await queue.ApproveAsync(ids, CancellationToken.None),
                CommentStatus.Spam => await queue.SpamAsync(ids, CancellationToken.None),
                CommentStatus.Trash => await queue.TrashAsync(ids, CancellationToken.None),
                _ => [.. await queue.UnapproveAsync(ids, CancellationToken.None), .. await queue.RestoreAsync(ids, CancellationToken.None)],
            };
            return changed.Count;
        });

    internal Task<int> ApproveAsync(params long[] ids) => ModerateAsync(CommentStatus.Approved, ids);

    internal Task UpdatePolicyAsync(Action<CommentPolicySettings> change) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ClinicBlogDbContext>();
            var settings = await db.SiteSettings.SingleAsync();
            change(settings.CommentPolicy);
            await db.SaveChangesAsync();
        });

    /// <summary>Sends what is due (as .eml files) and returns the messages written since the last call.</summary>
    internal async Task<IReadOnlyList<MimeMessage>> SendMailAsync()
    {
        await Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);
        if (!Directory.Exists(MailFolder)) return [];
        var fresh = Directory.GetFiles(MailFolder, "*.eml").Order(StringComparer.Ordinal).Where(mailSeen.Add).ToList();
        var messages = new List<MimeMessage>();
        foreach (var file in fresh) messages.Add(await MimeMessage.LoadAsync(file));
        return messages;
    }

    /// <summary>The mail dispatcher and the digest stay registered (tests call them) but do not run in the background.</summary>
    private static void KeepIdle(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType != typeof(IHostedService) || services[i].ImplementationFactory is not { } make) continue;
            services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => make(sp) switch
            {
                MailDispatcher or ModerationDigest => new IdleService(),
                var other => (IHostedService)other,
            });
        }
    }

    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Abuse controls off, as for a load test from one address.</summary>
public sealed class CommentsSiteWithoutAbuseControls : CommentsSiteFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ClinicBlog:Comments:AbuseControls"] = "Off",
        ["ClinicBlog:Comments:PostsPerMinutePerIp"] = "2",
    };
}

/// <summary>A per-IP rate limit low enough to reach in a test.</summary>
public sealed class CommentsSiteWithLowRateLimit : CommentsSiteFactory
{
    public const int PostsPerMinute = 2;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ClinicBlog:Comments:PostsPerMinutePerIp"] = PostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
