using ClinicBlog.Articles;

namespace ClinicBlog.Comments;

internal enum CommentStatus
{
    Pending = 0,
    Approved = 1,
    Spam = 2,
    Trash = 3,
}

/// <summary>A reader's comment under an article.</summary>
/// <remarks>
/// The commenter's email is never held in clear text: <see cref="ProtectedEmail"/> is encrypted with Data
/// Protection and <see cref="EmailHash"/> is a keyed hash for look-ups. Public pages read comments only as
/// <see cref="PublicComment"/>, which has no email at all.
/// </remarks>
internal sealed class Comment
{
    public long Id { get; set; }
    public string ArticleId { get; set; } = "";
    public GuestArticle? Article { get; set; }
    public long? ParentId { get; set; }
    public string AuthorName { get; set; } = "";
    public string ProtectedEmail { get; set; } = "";
    public string EmailHash { get; set; } = "";
    public string? AuthorWebsite { get; set; }
    public string? UserId { get; set; }
    public string Body { get; set; } = "";
    public CommentStatus Status { get; set; }
    public DateTime CreatedUtc { get; set; }

    /// <summary>Why the policy decided what it did ("held: 3 links"), shown to moderators.</summary>
    public string? ModerationReason { get; set; }

    /// <summary>A moderator (not the policy) marked it as spam: that email stops being approved automatically.</summary>
    public bool SpamByModerator { get; set; }

    /// <summary>The commenter asked to be told about replies (sent only once their address is confirmed).</summary>
    public bool NotifyReplies { get; set; }

    /// <summary>When a moderator last changed the text, if ever (the audit trail keeps the old text).</summary>
    public DateTime? EditedUtc { get; set; }

    /// <summary>A keyed hash of the sender's IP address (never the address) for abuse control.</summary>
    public string? IpHash { get; set; }
}

/// <summary>What a public page may know of a comment: no email, by construction.</summary>
internal sealed record PublicComment(
    long Id,
    long? ParentId,
    string AuthorName,
    string? AuthorWebsite,
    string BodyHtml,
    DateTime CreatedUtc)
{
    public string Initials => AuthorInitials.Of(AuthorName);
}

/// <summary>The avatar is the commenter's initials drawn by the site (no Gravatar: an email's MD5 can be reversed).</summary>
internal static class AuthorInitials
{
    public static string Of(string name)
    {
        var letters = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.FirstOrDefault(char.IsLetterOrDigit))
            .Where(c => c != default)
            .Take(2)
            .Select(char.ToUpperInvariant)
            .ToArray();
        return letters.Length == 0 ? "?" : new string(letters);
    }
}
