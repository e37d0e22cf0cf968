using ClinicBlog.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ClinicBlog.Mail;

/// <summary>Sends queued mail: by SMTP when configured, else as .eml files in the data directory. Retries with back-off.</summary>
/// <remarks>A row is claimed with a short lock before sending, so several nodes never send one message twice.</remarks>
internal sealed class MailDispatcher(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IOptions<SmtpOptions> smtp,
    IOptions<ClinicBlogStorageOptions> storage,
    TimeProvider clock,
    ILogger<MailDispatcher> logger) : BackgroundService
{
    private const int MaxAttempts = 8;
    private readonly IDataProtector protector = dataProtection.CreateProtector(MailOutbox.Purpose);
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>Asks the dispatcher to look at the outbox now rather than at its next tick.</summary>
    public void Wake()
    {
        if (wake.CurrentCount == 0) wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Mail queued meanwhile wakes it at once.
            await wake.WaitAsync(JobStart.Delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending queued mail failed; will try again");
            }

            try
            {
                await wake.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends every message that is due; returns how many were sent.</summary>
    internal async Task<int> SendDueAsync(CancellationToken ct)
    {
        var sent = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMails.AsNoTracking()
            .Where(m => m.SentUtc == null && m.Attempts < MaxAttempts && m.NextAttemptUtc <= now
                        && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(50).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var from = MailboxAddress.Parse(smtp.Value.From);
        if (string.IsNullOrWhiteSpace(from.Name))
            from.Name = await db.SiteSettings.AsNoTracking().Select(s => s.SiteName).FirstOrDefaultAsync(ct) ?? "";
        foreach (var id in due)
        {
            var lockUntil = now.AddMinutes(2);
            var claimed = await db.OutboxMails
                .Where(m => m.Id == id && m.SentUtc == null && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, lockUntil), ct);
            if (claimed == 0) continue;

            var mail = await db.OutboxMails.AsNoTracking().FirstAsync(m => m.Id == id, ct);
            try
            {
                await DeliverAsync(MailOutbox.Read(protector, mail), from, id, ct);
                var sentAt = clock.GetUtcNow().UtcDateTime;
                await db.OutboxMails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.SentUtc, sentAt).SetProperty(m => m.LockedUntilUtc, (DateTime?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, (string?)null), ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var attempts = mail.Attempts + 1;
                var next = clock.GetUtcNow().UtcDateTime.AddSeconds(Math.Min(3600, 15 * Math.Pow(2, attempts)));
                // The message's recipient is not logged: it is an email address.
                logger.LogWarning("Mail {MailId} could not be sent (attempt {Attempt} of {Max}): {Error}", id, attempts, MaxAttempts, e.Message);
                await db.OutboxMails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptUtc, next)
                    .SetProperty(m => m.LockedUntilUtc, (DateTime?)null).SetProperty(m => m.LastError, e.Message), ct);
            }
        }

        return sent;
    }

    private async Task DeliverAsync(MailMessage message, MailboxAddress from, long id, CancellationToken ct)
    {
        var mime = new MimeMessage();
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Text };
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
            mime.Headers.Add(name, value);

        if (!smtp.Value.Enabled)
        {
            var folder = Path.Combine(storage.Value.DataDirectory, "mail");
            Directory.CreateDirectory(folder);
            await mime.WriteToAsync(Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{id}.eml"), ct);
            return;
        }

        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Value.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.Auto;
        await client.ConnectAsync(smtp.Value.Host!, smtp.Value.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.Value.UserName))
            await client.AuthenticateAsync(smtp.Value.UserName, smtp.Value.Password ?? "", ct);
        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
