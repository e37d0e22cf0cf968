using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using System.Globalization;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.EntityFrameworkCore;
using SlugText = ClinicBlog.Content.Slug;

namespace ClinicBlog.Articles;

/// <summary>The words for an article's status, times typed in the site's zone, and the audit trail's before and after.</summary>
internal sealed partial class PublishingWorkflow
{
    /// <summary>
    /// Reads a time typed in the site's zone and gives it in UTC; null when it is acceptable, else why not in plain
    /// words. Accepts what a datetime-local field sends ("2025-04-08T09:30") and what a person types where the browser
    /// shows a plain text box ("2025-04-08 09:30").
    /// </summary>
    public static string? ParseScheduleTime(string? input, TimeZoneInfo zone, DateTime nowUtc, out DateTime utc)
    {
        utc = default;
        var text = (input ?? "").Trim();
        if (text.Length == 0) return "Please choose the date and time to publish it.";
        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];
        if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return "Please write the date and time as year-month-day and hours:minutes, for example 2025-04-08 09:30.";
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            return $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks move forward then. Please choose another time.";
        utc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
        if (utc <= nowUtc)
        {
            var localNow = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);
            return $"That time has passed: it is now {localNow:yyyy-MM-dd HH:mm} in {zone.Id}. Choose a later time, or publish now.";
        }

        return null;
    }

    /// <summary>The words as the list shows them: "Published, draft pending" when a newer edit waits.</summary>
    public static string Label(ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => "Draft",
        ArticleStatus.PendingReview => "Pending review",
        ArticleStatus.Published => "Published",
        ArticleStatus.ChangesRequested => "Changes requested",
        ArticleStatus.Scheduled => "Scheduled",
        _ => status.ToString(),
    };

    public static string Label(GuestArticle article) => Label(article.Status, article.Published is not null, HasPendingDraft(article));

    public static string Label(ArticleStatus status, bool isPublic, bool hasPendingDraft) => (isPublic, status) switch
    {
        (true, ArticleStatus.PendingReview) => "Published, edit pending review",
        (true, ArticleStatus.ChangesRequested) => "Published, changes requested",
        (true, ArticleStatus.Scheduled) => "Published, edit scheduled",
        (true, _) when hasPendingDraft => "Published, draft pending",
        (true, _) => "Published",
        _ => Label(status),
    };


    private static string Lines(params (string Name, string? Value)[] fields) =>
        string.Join("\n", fields.Select(f => $"{f.Name}: {f.Value ?? "(none)"}"));

    /// <summary>Only the fields that changed, before and after, for the audit trail.</summary>
    /// <remarks>A field that had no value before (a first publish has no published title or address) is left out of
    /// "before" rather than shown as "(none)"; "before" is null when no field had one.</remarks>
    private static (string? Previous, string? Next) Changes(params (string Name, string? Before, string? After)[] fields)
    {
        var changed = fields.Where(f => f.Before != f.After).ToArray();
        if (changed.Length == 0) return (null, null);
        var had = changed.Where(f => f.Before is not null).Select(f => (f.Name, f.Before)).ToArray();
        return (had.Length == 0 ? null : Lines(had), Lines([.. changed.Select(f => (f.Name, f.After))]));
    }
}
