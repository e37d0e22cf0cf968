using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ClinicBlog.AuditTrail;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Site;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Users;

/// <summary>Who to invite: the email the link goes to, the name the site will show, and the roles they get.</summary>
internal sealed record InvitationRequest(string Email, string DisplayName, IReadOnlyList<string> Roles);

/// <summary>The invited account, or what was wrong with the request, by field (Email, DisplayName, Roles; "" for the whole).</summary>
internal sealed record InvitationOutcome(ClinicBlogUser? User, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => User is not null;
}

/// <summary>Invites people by email: an account without a password, and a link that expires where they choose one.</summary>
/// <remarks>
/// Shared by the users page and the guest-author invitation. Every method runs in the caller's transaction when it
/// has one (so a caller can, say, link an author bio in the same unit of work), else in its own.
/// </remarks>
internal sealed class UserInvitations(
    UserManager<ClinicBlogUser> users,
    ClinicBlogDbContext db,
    MailOutbox outbox,
    MailDispatcher mail,
    AuditLog audit,
    CommentLinks links,
    SiteBranding branding,
    IHttpContextAccessor http,
    IOptions<InvitationOptions> options,
    IDataProtectionProvider dataProtection,
    TimeProvider clock)
{
    public const int DisplayNameMaxLength = 100;

    private readonly InvitationTokens tokens = new(dataProtection.CreateProtector(InvitationTokens.Purpose));

    public TimeSpan Lifetime => options.Value.Lifetime;

    public async Task<InvitationOutcome> InviteAsync(InvitationRequest request, CancellationToken ct)
    {
        var email = (request.Email ?? "").Trim();
        var displayName = (request.DisplayName ?? "").Trim();
        var roles = (request.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();
        var errors = new Dictionary<string, string>();
        if (email.Length == 0) errors[nameof(request.Email)] = "Please enter the email address to send the invitation to.";
        else if (!new EmailAddressAttribute().IsValid(email) || email.Length > 256) errors[nameof(request.Email)] = "Please enter a valid email address, like name@example.com.";
        else if (await users.FindByEmailAsync(email) is not null) errors[nameof(request.Email)] = "An account already uses this email address.";
        if (displayName.Length == 0) errors[nameof(request.DisplayName)] = "Please enter the name the site will show for this person.";
        else if (displayName.Length > DisplayNameMaxLength) errors[nameof(request.DisplayName)] = $"Please keep the name to {DisplayNameMaxLength} characters.";
        if (roles.Count == 0) errors[nameof(request.Roles)] = "Please choose at least one role.";
        else if (roles.Except(await db.Roles.Select(r => r.Name!).ToListAsync(ct), StringComparer.Ordinal).FirstOrDefault() is { } unknown)
            errors[nameof(request.Roles)] = $"There is no role named “{unknown}”.";
        if (errors.Count > 0) return new InvitationOutcome(null, errors);

        var user = new ClinicBlogUser
        {
            UserName = await FreeUserNameAsync(email),
            Email = email,
            DisplayName = displayName,
            EmailConfirmed = false,
            LockoutEnabled = true,
        };
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        Check(await users.CreateAsync(user));
        Check(await users.AddToRolesAsync(user, roles));
        await EnqueueInvitationAsync(user, roles, ct);
        audit.Record("user.invite", "user", user.Id, $"Invited {displayName} ({string.Join(", ", roles)})",
            newValue: string.Join(", ", roles), privateDetails: email);
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        mail.Wake();
        return new InvitationOutcome(user, new Dictionary<string, string>());
    }

    /// <summary>Sends a new link; every older link of this person stops working.</summary>
    /// <returns>An error in plain words, or null when the invitation was sent.</returns>
    public async Task<string?> ResendAsync(ClinicBlogUser user, CancellationToken ct)
    {
        if (user.IsDisabled) return "This account is disabled: enable it before sending a new invitation.";
        if (await users.HasPasswordAsync(user)) return "This person has already accepted the invitation and chosen a password.";

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        Check(await users.UpdateSecurityStampAsync(user));
        await EnqueueInvitationAsync(user, await users.GetRolesAsync(user), ct);
        audit.Record("user.invite", "user", user.Id, $"Sent a new invitation to {user.DisplayName}", privateDetails: user.Email);
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        mail.Wake();
        return null;
    }

    /// <summary>What a link is worth now, and whose it is (null when the link names no account).</summary>
    public async Task<(InvitationStatus Status, ClinicBlogUser? User)> CheckAsync(string? userId, string? token)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || user.IsDisabled) return (InvitationStatus.Invalid, null);
        var status = tokens.Check(token, user.Id, user.SecurityStamp, user.PasswordHash is not null, clock.GetUtcNow().UtcDateTime);
        return (status, user);
    }

    /// <summary>Sets the password and the display name; the caller signs the person in.</summary>
    public async Task<IdentityResult> AcceptAsync(ClinicBlogUser user, string token, string displayName, string password)
    {
        var (status, _) = await CheckAsync(user.Id, token);
        if (status != InvitationStatus.Valid)
            return IdentityResult.Failed(new IdentityError { Code = "Invitation" + status, Description = "This invitation link does not work any more." });

        user.DisplayName = displayName.Trim();
        user.EmailConfirmed = true;
        // AddPassword checks the password rules first, then saves the account (name, confirmation, new stamp) at once.
        return await users.AddPasswordAsync(user, password);
    }

    private async Task EnqueueInvitationAsync(ClinicBlogUser user, IEnumerable<string> roles, CancellationToken ct)
    {
        var brand = await branding.GetAsync(ct);
        var expires = clock.GetUtcNow().UtcDateTime + Lifetime;
        var token = tokens.Create(user.Id, user.SecurityStamp!, expires);
        var link = $"{links.BaseUrl}/admin/accept-invitation?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
        var inviter = http.HttpContext?.User.FindFirstValue(DisplayNameClaim.Type) ?? "An administrator";
        var local = brand.ToLocal(expires);
        outbox.Enqueue(new MailMessage(user.Email!, $"You are invited to {brand.SiteName}",
            $"""
            Hello {user.DisplayName},

            {inviter} has invited you to the dashboard of {brand.SiteName} (as {string.Join(", ", roles.Select(Permissions.Roles.InWords))}).

            Choose your password here. The link works once, until {brand.Date(expires)} at {local:HH:mm} ({brand.TimeZone.Id}):
            {link}

            Your user name is {user.UserName}; you can also sign in with this email address.

            If you did not expect this email, you can ignore it: nothing happens without the link.
            """));
    }

    /// <summary>A user name from the email's local part ("jane.doe"), with a number added when it is taken.</summary>
    private async Task<string> FreeUserNameAsync(string email)
    {
        var stem = AccountRules.UserNameStem(email);
        for (var i = 1; ; i++)
        {
            var candidate = i == 1 ? stem : $"{stem}{i}";
            if (await users.FindByNameAsync(candidate) is null) return candidate;
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
