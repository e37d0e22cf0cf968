using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Dashboard;

/// <summary>
/// The dashboard under /admin: the shell every feature's admin pages share (layout, menu, previews). Every page needs a
/// signed-in account, and each page asks for its own permission too. It names no other feature: each adds its own
/// menu entries (<see cref="AdminMenuRegistration.AddAdminMenuEntry"/>).
/// </summary>
internal static class DashboardFeature
{
    internal static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<DashboardPreview>();
        // The home is the one entry for every signed-in account, and the one current only on itself: all else is below it.
        services.AddAdminMenuEntry(new("Dashboard", "/admin", Position: 0, AnyOf: []) { CurrentOn = [AdminMenuPath.At("/admin")] });
        // PostConfigure: AddRazorPages (called after the features) gives the options a new convention collection,
        // which dropped a convention added with Configure and left /admin and /admin/account/password open.
        services.PostConfigure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.Add(new AdminPagesNeedSignIn()));
        // Permissions live in the sign-in cookie; re-checking the account every minute makes a revoked role, a
        // disabled account or a changed password take effect within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        return services;
    }

    /// <summary>A safety net under the per-page permission attributes: no /admin page is ever anonymous by omission.</summary>
    private sealed class AdminPagesNeedSignIn : IPageApplicationModelConvention
    {
        private static readonly AuthorizationPolicy SignedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();

        public void Apply(PageApplicationModel model)
        {
            var isAdmin = model.ActionDescriptor.AttributeRouteInfo?.Template?.StartsWith("admin", StringComparison.OrdinalIgnoreCase) == true;
            var anonymous = model.HandlerTypeAttributes.OfType<IAllowAnonymous>().Any() || model.EndpointMetadata.OfType<IAllowAnonymous>().Any();
            if (isAdmin && !anonymous) model.Filters.Add(new AuthorizeFilter(SignedIn));
        }
    }
}
