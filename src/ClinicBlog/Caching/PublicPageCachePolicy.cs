using ClinicBlog.Comments;
using Microsoft.AspNetCore.Http;
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
    internal const string AuthCookie = "clinicblog.auth";
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
    internal static bool IsPersonal(HttpRequest request) =>
        request.Cookies.ContainsKey(AuthCookie) || ReaderCookies.HasPersonalCookie(request);

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
