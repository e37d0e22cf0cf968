namespace ClinicBlog.Roles;

/// <summary>One line per permission, in the words the roles page shows beside its checkbox.</summary>
internal static class PermissionDescriptions
{
    private static readonly Dictionary<string, string> Lines = new(StringComparer.Ordinal)
    {
        [Permissions.ManageSettings] = "Change the site’s name, tagline, time zone and comment rules.",
        [Permissions.ManageUsers] = "Invite people, see their email addresses, give them roles, and disable accounts.",
        [Permissions.ModerateComments] = "Approve, hold, mark as spam, trash, edit and answer readers’ comments.",
        [Permissions.ViewCommenterEmail] = "See the email addresses of commenters, in the queue and in the audit trail.",
        [Permissions.EditAllArticles] = "Edit every article, whoever wrote it.",
        [Permissions.PublishArticles] = "Publish, schedule and unpublish articles, and review submitted ones.",
        [Permissions.EditOwnArticles] = "Write and edit their own articles (drafts, until published).",
        [Permissions.SubmitArticles] = "Send their own articles to the editors for review.",
        [Permissions.ManageAuthors] = "Create and edit every author bio, and link bios to accounts.",
        [Permissions.EditOwnBio] = "Edit their own author bio.",
        [Permissions.InviteGuestAuthors] = "Invite guest authors by email from the Authors page.",
        [Permissions.ManageRoles] = "Create and delete roles, and choose what each role may do (this page).",
        [Permissions.ViewAuditTrail] = "Read the audit trail: who did what in the dashboard, and when.",
    };

    public static string For(string permission) => Lines.TryGetValue(permission, out var line) ? line : "";
}
