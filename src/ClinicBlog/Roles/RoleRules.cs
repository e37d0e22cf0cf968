using System.Text.RegularExpressions;

namespace ClinicBlog.Roles;

/// <summary>What may be done to roles, in plain words; no HTTP, no database.</summary>
internal static partial class RoleRules
{
    public const int DescriptionMaxLength = 200;

    public const string AdministratorIsFixed =
        "The Administrator role always has every permission, so that someone can always put the other roles right.";

    /// <returns>An error in plain words, or null when the name can be used for a new role.</returns>
    public static string? CheckNewName(string? name, IEnumerable<string> existing)
    {
        if (string.IsNullOrWhiteSpace(name)) return "Please enter a name for the role.";
        if (CheckName(name) is { } wrong) return wrong;
        return existing.Contains(name, StringComparer.OrdinalIgnoreCase) ? $"There is already a role named “{name}”." : null;
    }

    /// <returns>What is wrong with the name itself, or null; the recipe's Roles step asks this too.</returns>
    public static string? CheckName(string name) => NamePattern().IsMatch(name)
        ? null
        : "A role name starts with a letter and uses only letters, digits, - and _ (2 to 50 characters), like “Physiotherapist”.";

    /// <summary>Checks a change of a role's permissions by someone holding <paramref name="actorPermissions"/>.</summary>
    /// <remarks>Granting needs the permission yourself, or a role manager could give their own role everything.</remarks>
    public static IReadOnlyList<string> CheckPermissions(string role, IReadOnlyCollection<string> before, IReadOnlyCollection<string> after,
        IReadOnlySet<string> actorPermissions)
    {
        if (role == Permissions.Roles.Administrator && !after.ToHashSet(StringComparer.Ordinal).SetEquals(Permissions.All))
            return [AdministratorIsFixed];
        var errors = new List<string>();
        foreach (var p in after.Except(before, StringComparer.Ordinal))
        {
            if (!Permissions.IsKnown(p)) errors.Add($"There is no permission named “{p}”.");
            else if (!actorPermissions.Contains(p)) errors.Add($"You cannot grant {p}: you do not have it yourself.");
        }

        return errors;
    }

    /// <returns>An error in plain words, or null when the role may be deleted.</returns>
    public static string? CheckDelete(string role, int memberCount) =>
        role == Permissions.Roles.Administrator ? "The Administrator role cannot be deleted."
        : memberCount == 1 ? "This role still has 1 member. Take the role away from them on the Users page first."
        : memberCount > 1 ? $"This role still has {memberCount} members. Take the role away from them on the Users page first."
        : null;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]{1,49}$")]
    private static partial Regex NamePattern();
}
