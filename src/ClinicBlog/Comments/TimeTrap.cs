using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace ClinicBlog.Comments;

/// <summary>A signed stamp of when a comment form was first shown: bots post faster than people can type.</summary>
internal sealed class TimeTrap(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector protector =
        dataProtection.CreateProtector("ClinicBlog.Comments.TimeTrap.v1").ToTimeLimitedDataProtector();

    public string Issue(string articleId) =>
        protector.Protect($"{articleId}|{clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}", TimeSpan.FromDays(2));

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
