using ClinicBlog.Authors;

namespace ClinicBlog.Articles;

internal enum ArticleStatus
{
    Draft = 0,
    PendingReview = 1,
    Published = 2,

    /// <summary>An editor sent it back with <see cref="GuestArticle.ReviewNote"/>; the author may edit and resubmit.</summary>
    ChangesRequested = 3,

    /// <summary>Waits for <see cref="GuestArticle.ScheduledUtc"/>, when <see cref="ScheduledPublisher"/> publishes it.</summary>
    Scheduled = 4,
}

/// <summary>An article by a guest author or by the clinic, with Orchard's two versions side by side.</summary>
/// <remarks>
/// <see cref="Published"/> is what readers see; <see cref="Latest"/> is the newest edit. An edit to a published
/// article changes only <see cref="Latest"/> until an editor publishes it, so readers never see unreviewed text.
/// </remarks>
internal sealed class GuestArticle
{
    public string ContentItemId { get; set; } = "";
    public string AuthorBioId { get; set; } = "";
    public AuthorBio? Author { get; set; }

    /// <summary>The account that created it, when a person did (recipes create items with no owner).</summary>
    public string? OwnerUserId { get; set; }

    public ArticleStatus Status { get; set; }
    public bool CommentsOpen { get; set; } = true;
    public DateTime CreatedUtc { get; set; }
    public DateTime ModifiedUtc { get; set; }
    public DateTime? PublishedUtc { get; set; }

    /// <summary>When it was last submitted for review: the review queue is oldest first by this, not by the last edit.</summary>
    public DateTime? SubmittedUtc { get; set; }

    /// <summary>When a <see cref="ArticleStatus.Scheduled"/> article is to be published (UTC); null otherwise.</summary>
    public DateTime? ScheduledUtc { get; set; }

    /// <summary>The editor's note of the last "request changes", shown to the author while the status is ChangesRequested.</summary>
    public string? ReviewNote { get; set; }

    public ArticleVersion Latest { get; set; } = new();
    public ArticleVersion? Published { get; set; }
}

/// <summary>The words of one version of an article.</summary>
internal sealed class ArticleVersion
{
    public string Title { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Markdown { get; set; } = "";

    /// <summary>Tag names as written ("Foot Pain"), kept in one column joined by <see cref="TagSeparator"/>.</summary>
    public string Tags { get; set; } = "";

    public string ImageUrl { get; set; } = "";
    public string ImageAlt { get; set; } = "";

    public const char TagSeparator = '|';

    public IReadOnlyList<string> TagList =>
        Tags.Split(TagSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string JoinTags(IEnumerable<string> tags) =>
        string.Join(TagSeparator, tags.Select(t => t.Replace(TagSeparator, ' ').Trim()).Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase));

    public ArticleVersion Copy() => (ArticleVersion)MemberwiseClone();
}

/// <summary>An address an article had before its slug changed: answered with a 301 to the current one.</summary>
internal sealed class ArticleSlugRedirect
{
    public string OldSlug { get; set; } = "";
    public string ContentItemId { get; set; } = "";
}
