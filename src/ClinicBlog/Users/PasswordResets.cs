using System.Globalization;
using System.Threading.Channels;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Users;

/// <summary>
/// "Forgot password" requests, answered at once and handled after the response: the page does no look-up, so a known
/// and an unknown address get the same words in the same time. One reset mail per account per few minutes at most.
/// </summary>
/// <remarks>A request waits here in memory: one lost in a crash costs the person one more click, and a flood of them
/// is dropped at the bound rather than growing without end.</remarks>
internal sealed class PasswordResets(
    IServiceScopeFactory scopes,
    IOptions<SignInProtectionOptions> options,
    TimeProvider clock,
    ILogger<PasswordResets> logger) : BackgroundService
{
    private const string TokenProvider = "ClinicBlog";
    private const string LastSentToken = "PasswordResetMailSentUtc";
    private readonly Channel<string> requests = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long handled;

    /// <summary>Requests taken off the queue and dealt with (a mail queued or not); tests wait on it.</summary>
    internal long Handled => Interlocked.Read(ref handled);

    public void Request(string email) => requests.Writer.TryWrite(email.Trim());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await HandleAsync(email, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The address is not logged: it is personal data, and a log must not say which accounts exist.
                logger.LogWarning(e, "A password reset request could not be handled");
            }
            finally
            {
                Interlocked.Increment(ref handled);
            }
        }
    }

    private async Task HandleAsync(string email, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<ClinicBlogUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is not { IsDisabled: false }) return;

        // The last mail's time is kept with the account (Identity's token store), so every node sees it.
        var now = clock.GetUtcNow();
        var last = await users.GetAuthenticationTokenAsync(user, TokenProvider, LastSentToken);
        if (DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var sent)
            && now - sent < options.Value.ResetMailInterval)
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var links = services.GetRequiredService<CommentLinks>();
        var link = $"{links.BaseUrl}/admin/reset-password?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
        services.GetRequiredService<MailOutbox>().Enqueue(new MailMessage(user.Email!, "Reset your password",
            $"""
            Someone asked to reset the password of your account ({user.UserName}).

            Choose a new password here (the link works once, for a day):
            {link}

            If it was not you, ignore this email: your password stays as it is.
            """));
        // The token store saves the account, and the queued mail with it, in one SaveChanges.
        await users.SetAuthenticationTokenAsync(user, TokenProvider, LastSentToken, now.ToString("O", CultureInfo.InvariantCulture));
        await services.GetRequiredService<ClinicBlogDbContext>().SaveChangesAsync(ct);
        services.GetRequiredService<MailDispatcher>().Wake();
    }
}
