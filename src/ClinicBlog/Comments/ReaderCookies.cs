using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.AspNetCore.Http;

namespace ClinicBlog.Comments;

/// <summary>What a reader's browser remembers for them, encrypted, so shared pages hold nothing of one reader.</summary>
/// <remarks>
/// <c>cb_pending</c> lists the ids of the reader's own comments awaiting moderation (no email). <c>cb_commenter</c>
/// holds the name, email and website the reader asked us to save. Either cookie makes the article render personally.
/// </remarks>
internal sealed class ReaderCookies(IDataProtectionProvider dataProtection) : IDisposable
{
    public const string PendingCookie = "cb_pending";
    public const string CommenterCookie = "cb_commenter";
    private const int MaxPending = 20;

    private readonly IDataProtector pendingProtector = dataProtection.CreateProtector("ClinicBlog.Comments.Pending.v1");
    private readonly IDataProtector commenterProtector = dataProtection.CreateProtector("ClinicBlog.Comments.Commenter.v1");

    // Decrypting the saved-details cookie was a tenth of a returning commenter's page; the text of a cookie only ever
    // decrypts to the same details, so it is remembered (a bounded number, briefly).
    private readonly MemoryCache readCommenters = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public static bool HasPersonalCookie(HttpRequest request) =>
        request.Cookies.ContainsKey(PendingCookie) || request.Cookies.ContainsKey(CommenterCookie);

    public IReadOnlyList<long> PendingIds(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(PendingCookie, out var value)) return [];
        try
        {
            return pendingProtector.Unprotect(value).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return [];
        }
    }

    public void AddPending(HttpContext context, long commentId)
    {
        var ids = PendingIds(context.Request).Append(commentId).Distinct().TakeLast(MaxPending);
        context.Response.Cookies.Append(PendingCookie, pendingProtector.Protect(string.Join(',', ids)), Options(context, TimeSpan.FromDays(7)));
    }

    /// <summary>The details a returning commenter saved; each cookie is decrypted once, then remembered by its text.</summary>
    public SavedCommenter? Commenter(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CommenterCookie, out var value)) return null;
        if (readCommenters.TryGetValue(value, out SavedCommenter? known)) return known;
        SavedCommenter? commenter;
        try
        {
            commenter = JsonSerializer.Deserialize<SavedCommenter>(commenterProtector.Unprotect(value));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            commenter = null;
        }

        readCommenters.Set(value, commenter, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return commenter;
    }

    public void SaveCommenter(HttpContext context, SavedCommenter commenter) =>
        context.Response.Cookies.Append(CommenterCookie, commenterProtector.Protect(JsonSerializer.Serialize(commenter)),
            Options(context, TimeSpan.FromDays(365)));

    public static void ForgetCommenter(HttpContext context) => context.Response.Cookies.Delete(CommenterCookie);

    private static CookieOptions Options(HttpContext context, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        IsEssential = true,
        MaxAge = lifetime,
        Path = "/",
    };

    public void Dispose() => readCommenters.Dispose();
}

/// <summary>The details a reader chose to have this browser remember.</summary>
internal sealed record SavedCommenter(string Name, string Email, string Website);
