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
/// with a sign-in or reader cookie, and any response that sets a cookie, goes uncompressed; everything else, the shared
/// public pages (stored compressed by the output cache), styles and scripts, holds nothing secret and is compressed,
/// HTTPS included.
/// </remarks>
internal sealed class PageCompression(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context) =>
        !IsPersonal(context) && base.ShouldCompressResponse(context);

    internal static bool IsPersonal(HttpContext context) =>
        PublicPageCachePolicy.IsPersonal(context.Request) || !StringValues.IsNullOrEmpty(context.Response.Headers.SetCookie);
}
