using System.Text;

namespace ClinicBlog.Users;

/// <summary>What an account manager may do to accounts, in plain words; no HTTP, no database.</summary>
internal static class AccountRules
{
    public const string CannotDisableSelf =
        "You cannot disable your own account. If it must be disabled, another administrator can do it.";

    public const string CannotDropOwnAdministrator =
        "You cannot remove the Administrator role from your own account. If it must go, another administrator can do it.";

    public static string? CheckDisable(string actorId, string targetId) =>
        actorId == targetId ? CannotDisableSelf : null;

    /// <summary>Checks a change of someone's roles.</summary>
    /// <param name="actorPermissions">The permissions of the person making the change.</param>
    /// <param name="rolePermissions">Every role and its permissions.</param>
    /// <remarks>
    /// Nobody may hand out a role carrying a permission they do not hold themselves: otherwise a user manager could
    /// make themselves an administrator. Roles the person already had are left alone.
    /// </remarks>
    public static IReadOnlyList<string> CheckRoles(
        string actorId, string targetId, IReadOnlyCollection<string> before, IReadOnlyCollection<string> after,
        IReadOnlySet<string> actorPermissions, IReadOnlyDictionary<string, IReadOnlyList<string>> rolePermissions)
    {
        var errors = new List<string>();
        if (actorId == targetId && before.Contains(Permissions.Roles.Administrator) && !after.Contains(Permissions.Roles.Administrator))
            errors.Add(CannotDropOwnAdministrator);
        foreach (var role in after.Except(before, StringComparer.Ordinal))
        {
            if (!rolePermissions.TryGetValue(role, out var granted))
            {
                errors.Add($"There is no role named “{role}”.");
                continue;
            }

            var missing = granted.Where(p => !actorPermissions.Contains(p)).ToList();
            if (missing.Count > 0)
                errors.Add($"You cannot give the role {role}: it has permissions you do not have yourself ({string.Join(", ", missing)}).");
        }

        return errors;
    }

    /// <summary>The state an account is in, as the users page says it.</summary>
    public static string StateOf(ClinicBlogUser user, DateTimeOffset now) =>
        user.IsDisabled ? "Disabled"
        : user.PasswordHash is null ? "Invited"
        : user.LockoutEnd is { } end && end > now ? "Locked out"
        : "Active";

    /// <summary>A user name made from an email's local part: "Jane.Doe+blog@x" gives "jane.doe".</summary>
    public static string UserNameStem(string email)
    {
        var local = email.Split('@')[0].Split('+')[0].ToLowerInvariant();
        var name = new StringBuilder();
        foreach (var c in local)
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-') name.Append(c);
        var stem = name.ToString().Trim('.', '-', '_');
        if (stem.Length > 40) stem = stem[..40];
        return stem.Length >= 2 ? stem : "user";
    }
}
