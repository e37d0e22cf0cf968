using Microsoft.Extensions.DependencyInjection;

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
        return services;
    }
}
