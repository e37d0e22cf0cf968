using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Authors.Admin;

/// <summary>The Authors section of the dashboard.</summary>
internal static class AuthorsAdminFeature
{
    internal static IServiceCollection AddAuthorsAdmin(this IServiceCollection services)
    {
        services.AddScoped<AuthorBioEditor>();
        services.AddScoped<GuestAuthorInvitations>();
        return services;
    }
}
