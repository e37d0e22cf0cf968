using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Comments;

/// <summary>The antiforgery token of a reader's comment form: issued once for each antiforgery cookie, not on every page.</summary>
/// <remarks>
/// Asking ASP.NET Core's antiforgery for a token decrypts the reader's cookie token and encrypts a new request token: two
/// Data Protection operations, a tenth of the work of rendering an article for a returning commenter. For a reader who is
/// not signed in, a request token holds nothing but the cookie token's secret, and every request token issued for a cookie
/// validates with it, so the first one issued is handed out again while the reader sends the same cookie. Signed-in
/// readers (tokens bound to the account), readers without a valid cookie (a new one is issued) and forms shown again
/// after a post (perhaps one whose token failed) go to antiforgery itself.
/// </remarks>
internal sealed class CommentFormTokens(IAntiforgery antiforgery, IOptions<AntiforgeryOptions> options) : IDisposable
{
    // Bounded: anyone can collect valid cookies by asking for forms, and each one costs an entry.
    private readonly MemoryCache issued = new(new MemoryCacheOptions { SizeLimit = 20_000 });
    private readonly string? cookieName = options.Value.Cookie.Name;

    public AntiforgeryTokenSet For(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || http.User.Identity?.IsAuthenticated == true || cookieName is null
            || http.Request.Cookies[cookieName] is not { Length: > 0 } cookie)
        {
            return antiforgery.GetAndStoreTokens(http);
        }

        if (issued.TryGetValue(cookie, out AntiforgeryTokenSet? known) && known is not null)
        {
            // What antiforgery does for every page holding a token: such a response is never stored by anyone.
            http.Response.Headers.CacheControl = "no-cache, no-store";
            http.Response.Headers.Pragma = "no-cache";
            return known;
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        // No new cookie token means the reader's cookie was valid and the request token belongs to it.
        if (tokens.CookieToken is null)
        {
            issued.Set(cookie, tokens, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(20) });
        }

        return tokens;
    }

    public void Dispose() => issued.Dispose();
}
