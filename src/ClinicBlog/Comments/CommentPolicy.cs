using Microsoft.EntityFrameworkCore;
using ClinicBlog.Data;
using ClinicBlog.Caching;
using System.Text.RegularExpressions;
using ClinicBlog.Site;

namespace ClinicBlog.Comments;

/// <summary>What the policy knows of a comment and its sender when it decides.</summary>
/// <param name="FillTime">How long after the form was first shown it was sent; null when the stamp was missing or forged.</param>
/// <param name="HasApprovedComment">The same email (by keyed hash) already has an approved comment.</param>
/// <param name="WasMarkedSpam">A moderator marked a comment from the same email as spam.</param>
internal sealed record CommentCandidate(
    string AuthorName,
    string Email,
    string? Website,
    string Body,
    string? IpAddress,
    bool HoneypotFilled,
    TimeSpan? FillTime,
    bool HasApprovedComment,
    bool WasMarkedSpam,
    bool IsStaff = false);

/// <summary>The policy's verdict and the reason moderators will see.</summary>
internal sealed record CommentDecision(CommentStatus Status, string Reason);

/// <summary>The moderation rules of the site: every comment is held unless a rule says otherwise.</summary>
/// <remarks>A plain class: the settings are site data, the clock and the abuse switch are given.</remarks>
internal sealed partial class CommentPolicy(CommentPolicySettings settings, bool abuseControlsOn)
{
    public CommentPolicySettings Settings => settings;

    /// <summary>Comments are open when the article takes them, has them open, and is not older than the site allows.</summary>
    public bool AreCommentsOpen(bool typeHasComments, bool articleAllowsComments, DateTime? publishedUtc, DateTime nowUtc) =>
        typeHasComments && articleAllowsComments && publishedUtc is { } published
        && (settings.CloseAfterDays <= 0 || nowUtc - published <= TimeSpan.FromDays(settings.CloseAfterDays));

    public CommentDecision Decide(CommentCandidate c)
    {
        if (c.HoneypotFilled) return Spam("a field hidden from people was filled in (honeypot)");
        var timeTrapped = abuseControlsOn && !c.IsStaff;
        if (timeTrapped && c.FillTime is null) return Spam("the form's time stamp was missing or forged");

        var searchable = new[] { c.AuthorName, c.Email, c.Website ?? "", c.Body, c.IpAddress ?? "" };
        if (FirstWord(settings.DisallowedWords, searchable) is { } disallowed) return Spam($"contains the disallowed word '{disallowed}'");
        if (c.IsStaff) return new CommentDecision(CommentStatus.Approved, "approved: written by staff");

        // A fast sender may be a person (autofill, a short "Thank you!"): held for a moderator, never spam on time alone,
        // and never approved on its own either, even from a known commenter.
        if (timeTrapped && c.FillTime < TimeSpan.FromSeconds(settings.MinFillSeconds))
            return Hold($"sent {c.FillTime.Value.TotalSeconds:0.#} s after the form was shown (minimum {settings.MinFillSeconds} s)");

        var links = CountLinks(c.Body);
        if (settings.HoldLinkCount > 0 && links >= settings.HoldLinkCount)
            return Hold(links == 1 ? "1 link" : $"{links} links");
        if (FirstWord(settings.ModerationWords, searchable) is { } word) return Hold($"contains '{word}'");
        if (c.WasMarkedSpam) return Hold("a comment from this email was marked as spam before");
        if (settings.AutoApproveKnownCommenters && c.HasApprovedComment)
            return new CommentDecision(CommentStatus.Approved, "approved: known commenter");
        return Hold("every comment is reviewed");
    }

    /// <summary>Web addresses in a text: http(s) URLs and bare www. names.</summary>
    public static int CountLinks(string text) => LinkPattern().Count(text);

    private static string? FirstWord(IEnumerable<string> words, string[] fields) =>
        words.Select(w => w.Trim()).Where(w => w.Length > 0)
            .FirstOrDefault(w => fields.Any(f => f.Contains(w, StringComparison.OrdinalIgnoreCase)));

    private static CommentDecision Hold(string why) => new(CommentStatus.Pending, "held: " + why);

    private static CommentDecision Spam(string why) => new(CommentStatus.Spam, "spam: " + why);

    [GeneratedRegex(@"https?://|(?<![/\w.])www\.", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();
}

/// <summary>The site's comment policy settings, read from the database once until the site's settings change.</summary>
internal static class CommentPolicySource
{
    public static Task<CommentPolicySettings> ReadAsync(ClinicBlogDbContext db, PageDataCache cache, CancellationToken ct) =>
        cache.GetAsync("site|comment-policy", async () =>
            (await db.SiteSettings.AsNoTracking().Select(s => s.CommentPolicy).FirstOrDefaultAsync(ct) ?? new(), Array.Empty<string>()));
}
