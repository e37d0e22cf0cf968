using ClinicBlog.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Roles;

/// <summary>Everything roles add: their dashboard page (the rules and catalog are static, so no services yet).</summary>
internal static class RolesFeature
{
    internal static IServiceCollection AddRoles(this IServiceCollection services)
    {
        services.AddAdminMenuEntry(new("Roles", "/admin/roles", Position: 60, AnyOf: [Permissions.ManageRoles]));
        return services;
    }
}
