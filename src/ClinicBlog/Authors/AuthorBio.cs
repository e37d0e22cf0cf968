namespace ClinicBlog.Authors;

/// <summary>Who wrote an article: shown in the byline, the "About the Author" box and the author page.</summary>
internal sealed class AuthorBio
{
    public string ContentItemId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Slug { get; set; } = "";

    /// <summary>Shown after the name: "Regina Durbin, PT".</summary>
    public string Credentials { get; set; } = "";

    public string Headline { get; set; } = "";
    public string BioMarkdown { get; set; } = "";
    public string WebsiteUrl { get; set; } = "";
    public string WebsiteText { get; set; } = "";
    public string PhotoUrl { get; set; } = "";

    /// <summary>The account that may edit this bio, when it is linked to one.</summary>
    public string? UserId { get; set; }

    /// <summary>Encrypted with Data Protection; used only to send the author notifications, never shown.</summary>
    public string? ProtectedNotificationEmail { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime ModifiedUtc { get; set; }

    public string Byline => string.IsNullOrWhiteSpace(Credentials) ? DisplayName : $"{DisplayName}, {Credentials}";
}
