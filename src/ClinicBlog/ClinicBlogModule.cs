using ClinicBlog.Articles;
using ClinicBlog.AuditTrail;
using ClinicBlog.Authors;
using ClinicBlog.Authors.Admin;
using ClinicBlog.Caching;
using ClinicBlog.Comments;
using ClinicBlog.Content;
using ClinicBlog.Mail;
using ClinicBlog.Moderation;
using ClinicBlog.Privacy;
using ClinicBlog.Dashboard;
using ClinicBlog.Data;
using ClinicBlog.Recipes;
using ClinicBlog.Roles;
using ClinicBlog.Setup;
using ClinicBlog.Site;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ClinicBlog;

/// <summary>The module's front door: a host calls <see cref="AddClinicBlog"/> and <see cref="MapClinicBlog"/>, and nothing else.</summary>
public static class ClinicBlogModule
{
    public static IServiceCollection AddClinicBlog(this IServiceCollection services, ClinicBlogStorageOptions storage)
    {
        services.AddSingleton(Options.Create(storage));
        services.AddSingleton(TimeProvider.System);
        services.AddClinicBlogData(storage);

        // Shared content pieces.
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<ContentDefinitions>();
        services.AddSingleton<EmailProtector>();
        services.AddMail();
        services.AddScoped(sp => new SiteBranding(sp.GetRequiredService<ClinicBlogDbContext>(), sp.GetRequiredService<PageDataCache>()));

        // Setup and recipes.
        services.AddSingleton<SetupState>();
        services.AddSingleton(sp => new SiteSetup(sp, sp.GetRequiredService<SetupState>()));
        services.AddRecipes();

        // Features.
        services.AddArticles();
        services.AddAuthors();
        services.AddAuthorsAdmin();
        services.AddComments();
        services.AddModeration();
        services.AddDashboard();
        services.AddPageCaching();
        services.AddUsers();
        services.AddRoles();
        services.AddSite();
        services.AddAuditTrail();
        // Curly quotes and accents are written as themselves, not as &#x201C; entities.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        // Pages live in their feature folders with absolute routes ("/articles/{slug}").
        services.AddRazorPages(o => o.RootDirectory = "/");
        services.AddAuthorization(o =>
        {
            foreach (var permission in Permissions.All)
                o.AddPolicy(permission, p => p.RequireClaim(Permissions.ClaimType, permission));
        });
        return services;
    }

    /// <summary>Creates or upgrades the database; call once before the host starts serving.</summary>
    public static Task MigrateClinicBlogDatabaseAsync(this IServiceProvider services, CancellationToken ct = default) =>
        DataFeature.MigrateAsync(services, ct);

    /// <summary>The module's middleware: call after UseRouting, UseAuthentication and UseAuthorization.</summary>
    /// <remarks>Compression inside the output cache: a public page is stored compressed, once per encoding, rather than
    /// compressed anew for every reader (a compression further out leaves a compressed response alone).</remarks>
    public static IApplicationBuilder UseClinicBlog(this IApplicationBuilder app) => app.UseOutputCache().UseResponseCompression();

    public static IEndpointRouteBuilder MapClinicBlog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        endpoints.MapComments();
        return endpoints;
    }
}
