using System.Security.Claims;

namespace ClinicBlog.Articles;

/// <summary>Who is acting: an account and the permissions its roles grant, handed to rule classes so they need no HTTP.</summary>
internal sealed record Actor(string? UserId, IReadOnlySet<string> Granted)
{
    public bool Can(string permission) => Granted.Contains(permission);

    public static Actor From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        user.FindAll(Permissions.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    public static Actor With(string? userId, params string[] permissions) => new(userId, permissions.ToHashSet(StringComparer.Ordinal));
}
