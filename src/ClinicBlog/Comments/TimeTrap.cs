using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace ClinicBlog.Comments;

/// <summary>A signed stamp of when a comment form was first shown: bots post faster than people can type.</summary>
internal sealed class TimeTrap(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector protector =
        dataProtection.CreateProtector("ClinicBlog.Comments.TimeTrap.v1").ToTimeLimitedDataProtector();

    // The last stamp issued for each article. A stamp says only "this article, this millisecond", so readers shown the
    // form in the same millisecond may share one: under load (a shared article, a dozen forms a millisecond) that saves
    // most of the encryptions, and at any other time it changes nothing.
    private readonly ConcurrentDictionary<string, (long Millisecond, string Stamp)> lastIssued = new(StringComparer.Ordinal);

    public string Issue(string articleId)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (lastIssued.TryGetValue(articleId, out var last) && last.Millisecond == now) return last.Stamp;
        var stamp = protector.Protect($"{articleId}|{now.ToString(CultureInfo.InvariantCulture)}", TimeSpan.FromDays(2));
        lastIssued[articleId] = (now, stamp);
        return stamp;
    }

    /// <summary>How long ago the form was shown; null when the stamp is missing, forged, expired or for another article.</summary>
    public TimeSpan? Elapsed(string? stamp, string articleId)
    {
        if (string.IsNullOrEmpty(stamp)) return null;
        try
        {
            var parts = protector.Unprotect(stamp).Split('|');
            if (parts.Length != 2 || parts[0] != articleId || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var shown)) return null;
            return clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(shown);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The stamp to put back in a form shown again after an error: the first one, while it is valid.</summary>
    public string Keep(string? stamp, string articleId) => Elapsed(stamp, articleId) is not null ? stamp! : Issue(articleId);
}
