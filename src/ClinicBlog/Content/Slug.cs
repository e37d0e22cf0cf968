using System.Globalization;
using System.Text;

namespace ClinicBlog.Content;

/// <summary>Addresses made from titles: "IASTM And Foot Pain" becomes "iastm-and-foot-pain".</summary>
internal static class Slug
{
    public const int MaxLength = 120;

    public static string From(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        var dash = false;
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
                dash = false;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                sb.Append(char.ToLowerInvariant(c));
                dash = false;
            }
            else if (c is '\'' or '’')
            {
                // "Golfer's" reads better as "golfers" than "golfer-s".
            }
            else if (!dash && sb.Length > 0)
            {
                sb.Append('-');
                dash = true;
            }
        }

        var slug = sb.ToString().Trim('-');
        if (slug.Length > MaxLength) slug = slug[..MaxLength].TrimEnd('-');
        return slug;
    }

    public static bool IsValid(string slug) =>
        slug.Length is > 0 and <= MaxLength
        && slug.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
        && !slug.StartsWith('-') && !slug.EndsWith('-') && !slug.Contains("--", StringComparison.Ordinal);

    /// <summary>The first of "slug", "slug-2", "slug-3" … that <paramref name="isTaken"/> says is free.</summary>
    public static string Unique(string slug, Func<string, bool> isTaken)
    {
        if (!isTaken(slug)) return slug;
        for (var n = 2; ; n++)
        {
            var candidate = $"{slug}-{n}";
            if (!isTaken(candidate)) return candidate;
        }
    }
}
