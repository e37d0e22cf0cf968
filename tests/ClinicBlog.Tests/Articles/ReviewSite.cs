using System.Net;
using ClinicBlog.Articles;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicBlog.Tests.Articles;

/// <summary>The real clock moved on by what a test adds: a scheduled article falls due without waiting.</summary>
internal sealed class MovableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>
/// A site set up from the recipe with a clock that tests can move, and sign-in cookies re-checked on every request.
/// More hosts can be started on the same data directory (and database): a restart, or a second node.
/// </summary>
public class ReviewSite : IAsyncLifetime
{
    private readonly TempDirectory folder = new();
    private readonly List<IAsyncDisposable> hosts = [];

    internal WebApplicationFactory<Program> Factory { get; private set; } = null!;
    internal MovableClock Clock { get; } = new();
    internal string MailFolder => Path.Combine(folder.Path, "mail");
    public HttpClient Reader { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = StartHost(Clock);
        Reader = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    /// <summary>Another host over the same data: it migrates, finds the site set up, and starts its background services.</summary>
    internal WebApplicationFactory<Program> StartHost(TimeProvider clock)
    {
        var site = new SiteFactory(folder.Path, SetupSettings.Default);
        var factory = site.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
            services.AddSingleton(clock);
        }));
        hosts.Add(factory);
        hosts.Add(site);
        return factory;
    }

    public async Task DisposeAsync()
    {
        Reader.Dispose();
        for (var i = hosts.Count - 1; i >= 0; i--) await hosts[i].DisposeAsync();
        folder.Dispose();
    }

    internal async Task<T> QueryAsync<T>(Func<ClinicBlogDbContext, Task<T>> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>());
    }

    internal Task<GuestArticle> ArticleAsync(string id) =>
        QueryAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.ContentItemId == id));

    internal async Task<HttpStatusCode> PublicStatusAsync(string path) => (await Reader.GetAsync(path)).StatusCode;

    internal async Task<string> PublicPageAsync(string path)
    {
        var response = await Reader.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}\n{html}");
        return html;
    }

    /// <summary>Sends what is queued, then reads the mail written to the data directory for one address, oldest first.</summary>
    internal async Task<IReadOnlyList<MimeMessage>> MailToAsync(string address)
    {
        // The site's own dispatcher may hold a message's claim right now: send, then wait until nothing is left unsent.
        var dispatcher = Factory.Services.GetRequiredService<MailDispatcher>();
        for (var i = 0; i < 50; i++)
        {
            await dispatcher.SendDueAsync(CancellationToken.None);
            if (await QueryAsync(db => db.OutboxMails.CountAsync(m => m.SentUtc == null)) == 0) break;
            await Task.Delay(100);
        }

        if (!Directory.Exists(MailFolder)) return [];
        return Directory.GetFiles(MailFolder, "*.eml").Order(StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }
}
