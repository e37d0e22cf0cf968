using ClinicBlog.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Site;

/// <summary>Everything the site's settings add: their dashboard page (SiteBranding, which every feature reads, is with the shared pieces in ClinicBlogModule).</summary>
internal static class SiteFeature
{
    internal static IServiceCollection AddSite(this IServiceCollection services)
    {
        services.AddAdminMenuEntry(new("Settings", "/admin/settings", Position: 70, AnyOf: [Permissions.ManageSettings]));
        return services;
    }
}
