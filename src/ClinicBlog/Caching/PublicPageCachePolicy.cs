using ClinicBlog.Comments;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace ClinicBlog.Caching;

/// <summary>Public pages are cached whole for anonymous readers; a reader with anything personal gets a fresh render.</summary>
/// <remarks>
/// Personal means a sign-in cookie, the reader's own pending comments or saved details (<see cref="ReaderCookies"/>).
/// A response that sets a cookie is never stored: a cached page must hold nothing of one reader.
/// </remarks>
internal sealed class PublicPageCachePolicy : IOutputCachePolicy
{
    public const string Name = "PublicPage";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !IsPersonal(request);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.QueryKeys = new StringValues(["page", "cpage"]);
        // Pages are stored compressed (CachingFeature): one copy per encoding asked for.
        context.CacheVaryByRules.HeaderNames = new StringValues("Accept-Encoding");
        context.Tags.Add(PageTags.Site);
        return ValueTask.CompletedTask;
    }

    /// <summary>A sign-in cookie, or a reader's own pending comments or saved details: the page is this person's alone.</summary>
    /// <remarks>The sign-in cookie's name is the host's, read from its own options: a copy of it here would go stale the
    /// day a host renamed the cookie, and a staff member's page would be cached for the public.</remarks>
    internal static bool IsPersonal(HttpRequest request) =>
        request.Cookies.ContainsKey(request.HttpContext.RequestServices.GetRequiredService<SignInCookie>().Name)
        || ReaderCookies.HasPersonalCookie(request);

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}

/// <summary>The name of the host's sign-in cookie (Identity's application cookie), as the host configured it.</summary>
internal sealed class SignInCookie(IOptionsMonitor<CookieAuthenticationOptions> cookies)
{
    private readonly Lazy<string> name = new(() =>
        cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? CookieAuthenticationDefaults.CookiePrefix + IdentityConstants.ApplicationScheme);

    public string Name => name.Value;
}
