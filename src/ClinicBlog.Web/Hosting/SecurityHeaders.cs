using Microsoft.AspNetCore.Antiforgery;

namespace ClinicBlog.Web.Hosting;

/// <summary>Headers every response carries: a strict Content-Security-Policy (scripts and styles only as files), and friends.</summary>
internal static class SecurityHeaders
{
    // Images may come from https: until uploads exist (author photos and article images are links).
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    internal static void AddClinicBlogCookiePolicy(this IServiceCollection services) =>
        services.Configure<AntiforgeryOptions>(o =>
        {
            o.Cookie.Name = "clinicblog.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

    internal static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            // The dashboard is never framed; public pages only by the site itself.
            var frames = context.Request.Path.StartsWithSegments("/admin") ? "'none'" : "'self'";
            headers.ContentSecurityPolicy = $"{Policy}; frame-ancestors {frames}";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
            if (frames == "'none'") headers.XFrameOptions = "DENY";
            return next(context);
        });
}
