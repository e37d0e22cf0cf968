using Microsoft.AspNetCore.Identity;

namespace ClinicBlog.Web.Hosting;

/// <summary>Sign-in cookies and account rules. The accounts themselves are the module's (ASP.NET Core Identity).</summary>
internal static class IdentitySetup
{
    internal static void AddClinicBlogIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/admin/sign-in";
            o.LogoutPath = "/admin/sign-out";
            o.AccessDeniedPath = "/admin/denied";
            o.Cookie.Name = "clinicblog.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
        });
        builder.Services.Configure<IdentityOptions>(o =>
        {
            o.Password.RequiredLength = 10;
            o.Password.RequireNonAlphanumeric = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireLowercase = true;
            o.Password.RequireDigit = true;
            o.Lockout.MaxFailedAccessAttempts = 5;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            o.User.RequireUniqueEmail = true;
        });
    }
}
