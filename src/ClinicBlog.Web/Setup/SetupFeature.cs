using ClinicBlog.Setup;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Web.Setup;

/// <summary>First run: the setup page at "/" until the site is set up, or setup from configuration.</summary>
internal static class SetupFeature
{
    internal static IServiceCollection AddSiteSetup(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SetupOptions>(configuration.GetSection("ClinicBlog:Setup"));
        return services;
    }

    /// <summary>Sets the site up from configuration when an admin user name is configured and the site is not set up yet
    /// (nor set up meanwhile by another node with the same configuration).</summary>
    /// <returns>false when setup was asked for and failed (the reasons are logged).</returns>
    internal static async Task<bool> RunHeadlessSetupAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SetupOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.AdminUserName)) return true;
        var setup = app.Services.GetRequiredService<SiteSetup>();
        if (await setup.IsSetUpAsync()) return true;

        var problems = await setup.SetUpAsync(new SetupRequest
        {
            SiteName = options.SiteName ?? "",
            Recipe = options.Recipe,
            AdminUserName = options.AdminUserName,
            AdminEmail = options.AdminEmail ?? "",
            AdminPassword = options.AdminPassword ?? "",
        });
        if (problems.Count == 0) return true;

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ClinicBlog.Setup");
        if (await setup.IsSetUpAsync())
        {
            // Replicas of one deployment share this configuration and start together: another node set the site up
            // while this one waited for its turn, so there is nothing left to do but serve it.
            logger.LogInformation("The site was set up by another node meanwhile; ClinicBlog:Setup is not applied again");
            return true;
        }

        foreach (var (field, message) in problems)
            logger.LogError("Setup from configuration failed: {Field} {Message}", field.Length > 0 ? $"ClinicBlog:Setup:{field}:" : "", message);
        return false;
    }

    /// <summary>Until setup has run every page leads to it; afterwards the setup page is gone.</summary>
    internal static void UseSiteSetupGate(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var isSetupPath = path.StartsWithSegments("/setup", StringComparison.OrdinalIgnoreCase);
            var setUp = await context.RequestServices.GetRequiredService<SiteSetup>().IsSetUpAsync(context.RequestAborted);
            if (setUp)
            {
                if (isSetupPath) context.Request.Path = "/status/404";
            }
            else if (path == "/")
            {
                context.Request.Path = "/setup";
            }
            else if (!isSetupPath && !path.StartsWithSegments("/css") && !path.StartsWithSegments("/js")
                     && !path.StartsWithSegments("/status") && !path.StartsWithSegments("/error"))
            {
                context.Response.Redirect("/");
                return;
            }

            await next();
        });
    }
}
