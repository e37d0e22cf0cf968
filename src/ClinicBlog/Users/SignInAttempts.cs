using System.Net;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Users;

/// <summary>What became of a sign-in: signed in, or the words to show and the status to answer with.</summary>
internal sealed record SignInOutcome(bool SignedIn, string? Error = null, int StatusCode = 200);

/// <summary>A password hash of nothing, checked when there is no account to check, so every attempt costs the same.</summary>
/// <remarks>Made once per process with Identity's hasher and the site's hasher options, so its work factor is the one
/// real accounts have.</remarks>
internal sealed class DecoyPassword
{
    private static readonly ClinicBlogUser Nobody = new() { UserName = "decoy" };
    private readonly PasswordHasher<ClinicBlogUser> hasher;
    private readonly Lazy<string> hash;

    public DecoyPassword(IOptions<PasswordHasherOptions> options)
    {
        hasher = new PasswordHasher<ClinicBlogUser>(options);
        hash = new Lazy<string>(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N")));
    }

    public void Check(string password) => hasher.VerifyHashedPassword(Nobody, hash.Value, password);
}

/// <summary>
/// Signs people in without letting the form be turned against them: failures are throttled per address and per account
/// name, one address can never lock an account, and every answer (no such account, wrong password, locked, disabled)
/// has the same words and costs the same one password hash, so nothing tells an attacker which accounts exist.
/// </summary>
internal sealed class SignInAttempts(
    UserManager<ClinicBlogUser> users,
    SignInManager<ClinicBlogUser> signIn,
    SignInThrottle throttle,
    DecoyPassword decoy,
    MailOutbox outbox,
    MailDispatcher mail,
    ClinicBlogDbContext db,
    SiteBranding branding,
    CommentLinks links,
    TimeProvider clock)
{
    public const string NotRight = "That user name or password is not right. Please try again.";

    public async Task<SignInOutcome> SignInAsync(string login, string password, bool remember, IPAddress? from, CancellationToken ct)
    {
        var address = SignInThrottle.AddressKey(from);
        var account = SignInThrottle.AccountKey(login);
        if (throttle.MustWait(address, account) is { } wait) return Wait(wait);

        login = login.Trim();
        var user = login.Contains('@') ? await users.FindByEmailAsync(login) : await users.FindByNameAsync(login);
        if (user is null || user.IsDisabled || await users.IsLockedOutAsync(user))
        {
            // No password is checked for these; the decoy makes them cost what a wrong password costs.
            decoy.Check(password);
            throttle.Failed(address, account);
            return new SignInOutcome(false, NotRight);
        }

        // Lockout is counted here, per address, not by Identity per attempt: see SignInThrottle.
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            throttle.Succeeded(address, account);
            await signIn.SignInAsync(user, remember);
            return new SignInOutcome(true);
        }

        if (throttle.Failed(address, account) && await users.GetLockoutEnabledAsync(user))
        {
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user)) await TellOwnerOfLockoutAsync(user, ct);
        }

        return new SignInOutcome(false, NotRight);
    }

    private static SignInOutcome Wait(SignInWait wait)
    {
        var minutes = (int)Math.Ceiling(wait.RetryAfter.TotalMinutes);
        var seconds = (int)Math.Ceiling(wait.RetryAfter.TotalSeconds);
        var when = seconds < 60 ? $"{seconds} second{(seconds == 1 ? "" : "s")}" : $"{minutes} minute{(minutes == 1 ? "" : "s")}";
        var error = wait.ByAddress
            ? $"Too many failed sign-ins from your network. Please wait {when}, then try again, or reset your password by email."
            : $"Too many failed sign-ins with this name just now. Please wait {when}, then try again.";
        return new SignInOutcome(false, error, 429);
    }

    private async Task TellOwnerOfLockoutAsync(ClinicBlogUser user, CancellationToken ct)
    {
        var brand = await branding.GetAsync(ct);
        var until = await users.GetLockoutEndDateAsync(user) ?? clock.GetUtcNow();
        outbox.Enqueue(new MailMessage(user.Email!, $"Your account at {brand.SiteName} is locked for a while",
            $"""
            Hello {user.DisplayName},

            Wrong passwords for your account ({user.UserName}) came from many different places, so the account is locked
            until {brand.Date(until.UtcDateTime)} at {brand.ToLocal(until.UtcDateTime):HH:mm} ({brand.TimeZone.Id}), to keep
            whoever is guessing out.

            If it was not you, nobody got in: your password was not accepted. To sign in before then, choose a new
            password here, which also lifts the lock:
            {links.BaseUrl}/admin/forgot-password
            """));
        await db.SaveChangesAsync(ct);
        mail.Wake();
    }
}
