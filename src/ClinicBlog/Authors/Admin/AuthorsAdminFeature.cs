using ClinicBlog.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Authors.Admin;

/// <summary>The Authors section of the dashboard.</summary>
internal static class AuthorsAdminFeature
{
    internal static IServiceCollection AddAuthorsAdmin(this IServiceCollection services)
    {
        services.AddScoped<AuthorBioEditor>();
        services.AddScoped<GuestAuthorInvitations>();
        services.AddAdminMenuEntry(new("Authors", "/admin/authors", Position: 30, AnyOf: [Permissions.ManageAuthors]));
        services.AddAdminMenuEntry(new("Your bio", "/admin/me/bio", Position: 40, AnyOf: [Permissions.EditOwnBio]));
        return services;
    }
}
