using ClinicBlog.Data;
using ClinicBlog.Recipes.Steps;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Roles;

/// <summary>A role as the dashboard shows it.</summary>
internal sealed record RoleSummary(string Id, string Name, string Description, IReadOnlyList<string> Permissions, int MemberCount);

/// <summary>Reads every role with its description, permissions and member count, in three small queries.</summary>
internal static class RoleCatalog
{
    public static async Task<IReadOnlyList<RoleSummary>> LoadAsync(ClinicBlogDbContext db, CancellationToken ct)
    {
        var roles = await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        var claims = await db.RoleClaims.AsNoTracking()
            .Where(c => c.ClaimType == Permissions.ClaimType || c.ClaimType == RolesStep.DescriptionClaimType)
            .Select(c => new { c.RoleId, c.ClaimType, c.ClaimValue }).ToListAsync(ct);
        var members = await db.UserRoles.AsNoTracking().GroupBy(u => u.RoleId)
            .Select(g => new { RoleId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.RoleId, g => g.Count, ct);
        return roles
            .Select(r => new RoleSummary(r.Id, r.Name ?? "",
                claims.LastOrDefault(c => c.RoleId == r.Id && c.ClaimType == RolesStep.DescriptionClaimType)?.ClaimValue ?? "",
                // In the order of Permissions.All, so lists read the same everywhere.
                Permissions.All.Where(p => claims.Any(c => c.RoleId == r.Id && c.ClaimType == Permissions.ClaimType && c.ClaimValue == p)).ToList(),
                members.GetValueOrDefault(r.Id)))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Every role's permissions by role name, for <see cref="Users.AccountRules.CheckRoles"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> PermissionsByRole(IEnumerable<RoleSummary> roles) =>
        roles.ToDictionary(r => r.Name, r => r.Permissions, StringComparer.Ordinal);
}
