namespace ClinicBlog.Articles;

/// <summary>Addresses people type for images, photos and websites: absolute http or https only.</summary>
/// <remarks>Anything else (javascript:, data:, a relative path) is refused where it is typed, not only when rendered.</remarks>
internal static class WebAddress
{
    public const int MaxLength = 2000;

    public static bool IsValid(string url) =>
        url.Length <= MaxLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.Host.Length > 0;
}
