namespace ClinicBlog.AuditTrail;

/// <summary>One thing someone did in the dashboard: who, what, to which item, when, and what it was before.</summary>
/// <remarks>
/// Values that may hold an email address (an invitation, a commenter's edit) go in <see cref="ProtectedDetails"/>,
/// encrypted, and are shown only to those with ViewCommenterEmail.
/// </remarks>
internal sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";

    /// <summary>A short verb phrase: "comment.approve", "article.publish", "role.permissions", "settings.update".</summary>
    public string Action { get; set; } = "";

    public string ItemType { get; set; } = "";
    public string ItemId { get; set; } = "";

    /// <summary>A human summary without email addresses ("Approved 3 comments", "Published “IASTM And Foot Pain”").</summary>
    public string Summary { get; set; } = "";

    public string? PreviousValue { get; set; }
    public string? NewValue { get; set; }

    /// <summary>Details that may hold email addresses, encrypted with Data Protection.</summary>
    public string? ProtectedDetails { get; set; }
}
