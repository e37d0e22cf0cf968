using System.Security.Cryptography;

namespace ClinicBlog.Articles;

/// <summary>New content item ids in Orchard's shape: 26 random characters from [0-9a-z].</summary>
/// <remarks>Random rather than sequential, so an id reveals neither how many items exist nor when one was made.</remarks>
internal static class IdGenerator
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    public const int Length = 26;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);
}
