using ClinicBlog.Dashboard;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Users;

/// <summary>How long an invitation link works (<c>ClinicBlog:Invitations</c>).</summary>
public sealed class InvitationOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Everything the users feature adds: invitations (the users page and the guest-author invitation share them).</summary>
internal static class UsersFeature
{
    internal static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddOptions<InvitationOptions>().BindConfiguration("ClinicBlog:Invitations")
            .Validate(o => o.Lifetime > TimeSpan.Zero, "ClinicBlog:Invitations:Lifetime must be longer than zero.")
            .ValidateOnStart();
        services.AddScoped<UserInvitations>();
        // The signed-in principal: roles, permissions and the display name the dashboard shows.
        services.AddScoped<IUserClaimsPrincipalFactory<ClinicBlogUser>, ClinicBlogClaimsFactory>();
        services.AddAdminMenuEntry(new("Users", "/admin/users", Position: 50, AnyOf: [Permissions.ManageUsers]));

        // Sign-in and password resets that cannot be turned against the accounts' owners.
        services.AddOptions<SignInProtectionOptions>().BindConfiguration("ClinicBlog:SignIn")
            .Validate(o => o.FailuresPerAddress > 0 && o.FreeFailuresPerAccount >= 0 && o.LockoutAfterAddresses > 1
                && o.AddressWindow > TimeSpan.Zero && o.MaxAccountDelay >= TimeSpan.Zero && o.ResetMailInterval >= TimeSpan.Zero,
                "ClinicBlog:SignIn: the limits must be positive, and LockoutAfterAddresses at least 2.")
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<IdentityOptions>, LockoutFromSignInProtection>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<DecoyPassword>();
        services.AddScoped<SignInAttempts>();
        services.AddSingleton<PasswordResets>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordResets>());
        return services;
    }
}

/// <summary>Identity's lockout counts addresses (see <see cref="SignInThrottle"/>), so its limit is the number of addresses.</summary>
internal sealed class LockoutFromSignInProtection(IOptions<SignInProtectionOptions> options) : IPostConfigureOptions<IdentityOptions>
{
    public void PostConfigure(string? name, IdentityOptions o) => o.Lockout.MaxFailedAccessAttempts = options.Value.LockoutAfterAddresses;
}
