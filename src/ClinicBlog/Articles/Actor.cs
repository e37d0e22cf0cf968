using System.Security.Claims;
using ClinicBlog.AuditTrail;

namespace ClinicBlog.Articles;

/// <summary>Who is acting: an account and the permissions its roles grant, handed to rule classes so they need no HTTP.</summary>
/// <param name="Name">The display name, for the revision history; null when unknown (then looked up, or left empty).</param>
internal sealed record Actor(string? UserId, IReadOnlySet<string> Granted, string? Name = null)
{
    public bool Can(string permission) => Granted.Contains(permission);

    public static Actor From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        user.FindAll(Permissions.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        user.FindFirstValue(DisplayNameClaim.Type) ?? user.Identity?.Name);

    public static Actor With(string? userId, params string[] permissions) => new(userId, permissions.ToHashSet(StringComparer.Ordinal));

    /// <summary>The site itself, acting on a schedule: no account, and it never goes through <see cref="PublishingWorkflow.Check"/>.</summary>
    public static readonly Actor Site = new(null, new HashSet<string>(StringComparer.Ordinal), "Scheduled publication");
}
