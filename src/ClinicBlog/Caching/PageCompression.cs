using ClinicBlog.Comments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ClinicBlog.Caching;

/// <summary>Compresses what the site serves for browsers that ask, except what carries one person's secrets.</summary>
/// <remarks>
/// A compressed response that holds a secret (an antiforgery token, a reader's saved details) beside text someone else
/// wrote (a comment) can give the secret away through its length, even over HTTPS (BREACH). So the answer to anyone
/// with a sign-in or reader cookie, and any response with a token or a cookie in it, goes uncompressed; everything else, the shared
/// public pages (stored compressed by the output cache), styles and scripts, holds nothing secret and is compressed,
/// HTTPS included.
/// </remarks>
internal sealed class PageCompression(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context) =>
        !IsPersonal(context) && base.ShouldCompressResponse(context);

    /// <remarks>
    /// Besides the reader's cookies: an answer to a form (a POST re-renders what was typed beside a fresh token), one that
    /// sets a cookie, and one marked no-store, which ASP.NET Core's antiforgery does to every response carrying a token.
    /// </remarks>
    internal static bool IsPersonal(HttpContext context) =>
        PublicPageCachePolicy.IsPersonal(context.Request)
        || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        || !StringValues.IsNullOrEmpty(context.Response.Headers.SetCookie)
        || context.Response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase);
}
