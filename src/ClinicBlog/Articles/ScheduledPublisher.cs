using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Articles;

/// <summary>Publishes scheduled articles when they are due: once, even across restarts and several nodes.</summary>
/// <remarks>
/// Nothing is kept in memory: at start and then on every tick it reads from the database what is due, so an article
/// that fell due while the site was down is published when it comes back. Each article is claimed by a conditional
/// update inside its publication's transaction (<see cref="PublishingWorkflow.PublishDueAsync"/>): when two nodes
/// (or a node and a test) run at once, only one publishes it.
/// </remarks>
internal sealed class ScheduledPublisher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<PublishingOptions> options, ILogger<ScheduledPublisher> logger) : BackgroundService
{
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await JobStart.DelayAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.ScheduleInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unavailable (a migration on another node): the articles stay due.
                logger.LogWarning(e, "Publishing scheduled articles failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Publishes every scheduled article whose time has come; returns how many this call published.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<string> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
            due = await db.Articles.AsNoTracking()
                .Where(a => a.Status == ArticleStatus.Scheduled && a.ScheduledUtc != null && a.ScheduledUtc <= now)
                .OrderBy(a => a.ScheduledUtc).Select(a => a.ContentItemId).Take(BatchSize).ToListAsync(ct);
        }

        var published = 0;
        foreach (var id in due)
        {
            // A scope (and a unit of work) per article: one that fails does not hold back the others.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<PublishingWorkflow>().PublishDueAsync(id, now, ct))
                {
                    published++;
                    logger.LogInformation("Published scheduled article {ArticleId}", id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Publishing scheduled article {ArticleId} failed; it stays scheduled and is tried again", id);
            }
        }

        // At Debug: what an operator (or a test) reads to know a node's publisher is running, and has had its turn.
        logger.LogDebug("Looked for scheduled articles due by {Now:O}: {Due} due, {Published} published", now, due.Count, published);
        return published;
    }
}
