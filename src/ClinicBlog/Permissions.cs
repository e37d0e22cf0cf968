namespace ClinicBlog;

/// <summary>Every permission ClinicBlog checks, and the starting grants of the default roles.</summary>
/// <remarks>
/// Permissions are stored as role claims of type <see cref="ClaimType"/>; the recipe's <c>Roles</c> step and the
/// dashboard grant them. The defaults below are Orchard's "stereotypes": what a role starts with when a recipe
/// names it without permissions.
/// </remarks>
public static class Permissions
{
    public const string ClaimType = "Permission";

    public const string ManageSettings = nameof(ManageSettings);
    public const string ManageUsers = nameof(ManageUsers);
    public const string ModerateComments = nameof(ModerateComments);
    public const string ViewCommenterEmail = nameof(ViewCommenterEmail);
    public const string EditAllArticles = nameof(EditAllArticles);
    public const string PublishArticles = nameof(PublishArticles);
    public const string EditOwnArticles = nameof(EditOwnArticles);
    public const string SubmitArticles = nameof(SubmitArticles);
    public const string ManageAuthors = nameof(ManageAuthors);
    public const string EditOwnBio = nameof(EditOwnBio);
    public const string InviteGuestAuthors = nameof(InviteGuestAuthors);
    public const string ManageRoles = nameof(ManageRoles);
    public const string ViewAuditTrail = nameof(ViewAuditTrail);

    public static readonly IReadOnlyList<string> All =
    [
        ManageSettings, ManageUsers, ModerateComments, ViewCommenterEmail, EditAllArticles, PublishArticles,
        EditOwnArticles, SubmitArticles, ManageAuthors, EditOwnBio, InviteGuestAuthors, ManageRoles, ViewAuditTrail,
    ];

    public static class Roles
    {
        public const string Administrator = nameof(Administrator);
        public const string Editor = nameof(Editor);
        public const string Moderator = nameof(Moderator);
        public const string GuestAuthor = nameof(GuestAuthor);

        /// <summary>A role's name as a sentence says it: "GuestAuthor" is "guest author"; a name with spaces stays as it is.</summary>
        public static string InWords(string role)
        {
            if (role.Contains(' ', StringComparison.Ordinal) || role.Length == 0) return role;
            var words = new System.Text.StringBuilder(role.Length + 4);
            for (var i = 0; i < role.Length; i++)
            {
                var c = role[i];
                // A capital that starts a new word ("GuestAuthor"), not one inside an acronym ("SEOEditor" keeps "SEO").
                var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(role[i - 1]) || (i + 1 < role.Length && char.IsLower(role[i + 1]) && char.IsUpper(role[i - 1])));
                if (startsWord) words.Append(' ');
                words.Append(c);
            }

            // Lower-case each word unless it is an acronym.
            return string.Join(' ', words.ToString().Split(' ').Select(w => w.Length > 1 && w.All(char.IsUpper) ? w : w.ToLowerInvariant()));
        }
    }

    public static IReadOnlyList<string> DefaultsFor(string role) => role switch
    {
        Roles.Administrator => All,
        Roles.Editor =>
        [
            EditAllArticles, PublishArticles, EditOwnArticles, SubmitArticles, ManageAuthors, EditOwnBio,
            InviteGuestAuthors, ModerateComments,
        ],
        Roles.Moderator => [ModerateComments],
        Roles.GuestAuthor => [EditOwnArticles, SubmitArticles, EditOwnBio],
        _ => [],
    };

    internal static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
