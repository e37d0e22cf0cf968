namespace ClinicBlog.Authors.Admin;

/// <summary>What an editor types into a bio; <see cref="AuthorBioEditor"/> validates it. Nullable: empty fields bind as null.</summary>
internal sealed class AuthorForm
{
    public string? DisplayName { get; set; }

    /// <summary>Made from the name when left empty.</summary>
    public string? Slug { get; set; }

    public string? Credentials { get; set; }
    public string? Headline { get; set; }
    public string? BioMarkdown { get; set; }
    public string? WebsiteUrl { get; set; }
    public string? WebsiteText { get; set; }
    public string? PhotoUrl { get; set; }

    /// <summary>In clear only while the form travels; stored encrypted, shown only to ManageAuthors, never public.</summary>
    public string? NotificationEmail { get; set; }

    /// <summary>The account linked to the bio ("" or null: none).</summary>
    public string? UserId { get; set; }

    /// <summary>A copy with the address and the notification email replaced by the stored ones.</summary>
    public AuthorForm Keeping(string slug, string? notificationEmail)
    {
        var copy = (AuthorForm)MemberwiseClone();
        copy.Slug = slug;
        copy.NotificationEmail = notificationEmail;
        return copy;
    }
}
