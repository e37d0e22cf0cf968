using ClinicBlog.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.AuditTrail;

/// <summary>Everything the audit trail adds: the log other features write to, and its dashboard page.</summary>
internal static class AuditTrailFeature
{
    internal static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        // Reads the acting account from the request (IHttpContextAccessor, which the dashboard registers).
        services.AddScoped<AuditLog>();
        services.AddAdminMenuEntry(new("Audit trail", "/admin/audit", Position: 80, AnyOf: [Permissions.ViewAuditTrail]));
        return services;
    }
}
