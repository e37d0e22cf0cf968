namespace ClinicBlog.Articles;

/// <summary>The words of an article as they were after one save: who saved them, when, and why ("submitted").</summary>
/// <remarks>
/// Revisions are only ever added, never changed, except that a transition in the same request as the save that made
/// the revision names itself on it (a "Submit" click saves and submits: one revision, "submitted", not two).
/// Deleting the article deletes its revisions.
/// </remarks>
internal sealed class ArticleRevision
{
    public long Id { get; set; }
    public string ArticleId { get; set; } = "";

    /// <summary>1, 2, 3… per article, in the order they were made.</summary>
    public int Number { get; set; }

    public ArticleVersion Words { get; set; } = new();
    public DateTime CreatedUtc { get; set; }

    /// <summary>The account that saved it; null for the site itself (a scheduled publication, the recipe's version).</summary>
    public string? UserId { get; set; }

    /// <summary>The name at the time, so the history still reads right after the account is renamed or deleted.</summary>
    public string UserName { get; set; } = "";

    /// <summary>"saved", "autosaved", "submitted", "published", "restored from revision 3"…</summary>
    public string Note { get; set; } = "";

    public const int MaxNoteLength = 200;
}
