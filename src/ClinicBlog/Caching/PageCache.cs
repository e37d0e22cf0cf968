using ClinicBlog.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClinicBlog.Caching;

/// <summary>Tags a page being rendered, and evicts tags after a change, here and on every other node.</summary>
internal sealed class PageCache(IOutputCacheStore store, CacheVersions versions, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Adds tags to the response being cached, from the page that knows what it shows.</summary>
    public static void Tag(HttpContext context, params string[] tags)
    {
        if (context.Features.Get<IOutputCacheFeature>() is { } feature)
        {
            foreach (var tag in tags) feature.Context.Tags.Add(tag);
        }
    }

    /// <summary>Call after the change is saved: evicts here at once and tells the other nodes through the database.</summary>
    public async Task InvalidateAsync(IEnumerable<string> tags, CancellationToken ct = default)
    {
        var distinct = tags.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0) return;
        foreach (var tag in distinct) await EvictLocallyAsync(tag, ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        db.CacheInvalidations.AddRange(distinct.Select(t => new CacheInvalidation { Tag = t, CreatedUtc = now }));
        await db.SaveChangesAsync(ct);
    }

    public Task InvalidateAsync(params string[] tags) => InvalidateAsync(tags, CancellationToken.None);

    internal ValueTask EvictLocallyAsync(string tag, CancellationToken ct)
    {
        versions.MoveOn(tag);
        return store.EvictByTagAsync(tag, ct);
    }
}

/// <summary>Reads the invalidations other nodes (or the command line) wrote, and evicts them here, within half a second.</summary>
internal sealed class CacheInvalidationListener(
    IServiceScopeFactory scopes, PageCache cache, TimeProvider clock, ILogger<CacheInvalidationListener> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long lastSeen = -1;
        var lastCleanup = clock.GetUtcNow();
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
                if (lastSeen < 0)
                {
                    // Start from now: a node that just started has an empty cache.
                    lastSeen = await db.CacheInvalidations.MaxAsync(i => (long?)i.Id, stoppingToken) ?? 0;
                    continue;
                }

                var fresh = await db.CacheInvalidations.AsNoTracking().Where(i => i.Id > lastSeen)
                    .OrderBy(i => i.Id).Select(i => new { i.Id, i.Tag }).Take(1000).ToListAsync(stoppingToken);
                foreach (var row in fresh)
                {
                    await cache.EvictLocallyAsync(row.Tag, stoppingToken);
                    lastSeen = row.Id;
                }

                if (clock.GetUtcNow() - lastCleanup > TimeSpan.FromMinutes(10))
                {
                    lastCleanup = clock.GetUtcNow();
                    var cutoff = lastCleanup.UtcDateTime - KeepFor;
                    await db.CacheInvalidations.Where(i => i.CreatedUtc < cutoff).ExecuteDeleteAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unavailable (a migration on another node); try again next tick.
                logger.LogDebug(e, "Reading cache invalidations failed");
            }
        }
    }
}
