using System.Text;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClinicBlog.Comments;

/// <summary>Tells moderators that comments are waiting: one email per few minutes at most, however many arrive.</summary>
/// <remarks>The last run is kept in the database, so several nodes send one digest between them, not one each.</remarks>
internal sealed class ModerationDigest(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ModerationDigest> logger) : BackgroundService
{
    internal const string JobName = "ModerationDigest";
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await JobStart.DelayAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The moderation digest failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends a digest when comments were held since the last one and the last one is old enough; returns the number of emails queued.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var state = await db.JobStates.AsNoTracking().FirstOrDefaultAsync(j => j.Name == JobName, ct);
        var since = state?.LastRunUtc ?? DateTime.MinValue;
        if (now - since < Interval) return 0;

        var held = await db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Pending && c.CreatedUtc > since)
            .OrderBy(c => c.CreatedUtc)
            .Select(c => new { c.AuthorName, c.ProtectedEmail, c.Body, c.ModerationReason, Title = c.Article!.Latest.Title })
            .Take(21).ToListAsync(ct);
        if (held.Count == 0) return 0;

        // Claim this run: only the node whose update (or insert) lands sends the digest.
        if (state is null)
        {
            db.JobStates.Add(new JobState { Name = JobName, LastRunUtc = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return 0;
            }
        }
        else if (await db.JobStates.Where(j => j.Name == JobName && j.LastRunUtc == state.LastRunUtc)
                     .ExecuteUpdateAsync(s => s.SetProperty(j => j.LastRunUtc, now), ct) == 0)
        {
            return 0;
        }

        var moderators = await ModeratorsAsync(db, ct);
        var emails = scope.ServiceProvider.GetRequiredService<EmailProtector>();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        var links = scope.ServiceProvider.GetRequiredService<CommentLinks>();
        foreach (var moderator in moderators)
        {
            var text = new StringBuilder();
            text.AppendLine(held.Count > 20 ? "More than 20 comments are waiting for moderation." : $"{held.Count} comment(s) are waiting for moderation.");
            text.AppendLine();
            foreach (var c in held.Take(20))
            {
                var who = moderator.CanSeeEmails ? $"{c.AuthorName} <{emails.Unprotect(c.ProtectedEmail)}>" : c.AuthorName;
                var excerpt = c.Body.Length > 200 ? c.Body[..200] + "…" : c.Body;
                text.AppendLine($"- {who} on \"{c.Title}\" ({c.ModerationReason}):");
                text.AppendLine($"  {excerpt.ReplaceLineEndings(" ")}");
            }

            text.AppendLine();
            text.AppendLine($"Open the moderation queue: {links.ModerationQueue}");
            outbox.Enqueue(new MailMessage(moderator.Email, "Comments are waiting for moderation", text.ToString()));
        }

        await db.SaveChangesAsync(ct);
        scope.ServiceProvider.GetRequiredService<MailDispatcher>().Wake();
        return moderators.Count;
    }

    private sealed record Moderator(string Email, bool CanSeeEmails);

    private static async Task<List<Moderator>> ModeratorsAsync(ClinicBlogDbContext db, CancellationToken ct)
    {
        var grants = await (
            from claim in db.RoleClaims
            where claim.ClaimType == Permissions.ClaimType
                  && (claim.ClaimValue == Permissions.ModerateComments || claim.ClaimValue == Permissions.ViewCommenterEmail)
            join userRole in db.UserRoles on claim.RoleId equals userRole.RoleId
            join user in db.Users on userRole.UserId equals user.Id
            where !user.IsDisabled && user.Email != null
            select new { user.Email, claim.ClaimValue }).ToListAsync(ct);
        return grants.GroupBy(g => g.Email!)
            .Where(g => g.Any(x => x.ClaimValue == Permissions.ModerateComments))
            .Select(g => new Moderator(g.Key, g.Any(x => x.ClaimValue == Permissions.ViewCommenterEmail)))
            .ToList();
    }
}
