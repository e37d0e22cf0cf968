namespace ClinicBlog.Site;

/// <summary>What an admin edits: one row, written by the recipe's <c>Settings</c> step and the dashboard.</summary>
internal sealed class SiteSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string SiteName { get; set; } = "ClinicBlog";
    public string Tagline { get; set; } = "";

    /// <summary>IANA id; times are stored in UTC and shown in this zone.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>Set once setup has run; the setup page is gone from then on.</summary>
    public DateTime? SetUpUtc { get; set; }

    public CommentPolicySettings CommentPolicy { get; set; } = new();
}

/// <summary>The comment rules a clinic chooses (the comments feature applies them).</summary>
/// <remarks>Which comment fields are required is not here: it is the <c>Comment</c> part's field settings in the content definition.</remarks>
internal sealed class CommentPolicySettings
{
    public bool AutoApproveKnownCommenters { get; set; }
    public int HoldLinkCount { get; set; } = 2;
    public List<string> ModerationWords { get; set; } = [];
    public List<string> DisallowedWords { get; set; } = [];

    /// <summary>0 keeps comments open for ever.</summary>
    public int CloseAfterDays { get; set; }

    public int MaxLength { get; set; } = 5000;
    public int MinFillSeconds { get; set; } = 3;
    public int FloodIntervalSeconds { get; set; } = 15;
    public int MaxDepth { get; set; } = 3;

    /// <summary>The <c>rel</c> given to links inside guest articles: noopener, nofollow or sponsored.</summary>
    public string GuestLinkRel { get; set; } = "noopener";
}
