using System.Globalization;

namespace ClinicBlog.Site.Admin;

/// <summary>The settings page's form: what was typed, kept as text so a mistake comes back as it was written.</summary>
/// <remarks>A plain class: the page binds it, checks it against <see cref="CommentPolicyRules"/>, and copies it onto the settings row.</remarks>
internal sealed class SettingsForm
{
    public string SiteName { get; set; } = "";
    public string Tagline { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public bool AutoApproveKnownCommenters { get; set; }
    public string HoldLinkCount { get; set; } = "";
    public string ModerationWords { get; set; } = "";
    public string DisallowedWords { get; set; } = "";
    public string CloseAfterDays { get; set; } = "";
    public string MaxLength { get; set; } = "";
    public string MinFillSeconds { get; set; } = "";
    public string FloodIntervalSeconds { get; set; } = "";
    public string MaxDepth { get; set; } = "";
    public string GuestLinkRel { get; set; } = "noopener";

    /// <summary>What each setting is called on the page and in the audit trail.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [nameof(SiteName)] = "Site name",
        [nameof(Tagline)] = "Tagline",
        [nameof(TimeZone)] = "Time zone",
        [nameof(AutoApproveKnownCommenters)] = "Approve known commenters",
        [nameof(HoldLinkCount)] = "Links that hold a comment",
        [nameof(ModerationWords)] = "Words that hold a comment",
        [nameof(DisallowedWords)] = "Words that mean spam",
        [nameof(CloseAfterDays)] = "Close comments after (days)",
        [nameof(MaxLength)] = "Longest comment (characters)",
        [nameof(MinFillSeconds)] = "Fastest a person writes (seconds)",
        [nameof(FloodIntervalSeconds)] = "Time between comments (seconds)",
        [nameof(MaxDepth)] = "Reply levels",
        [nameof(GuestLinkRel)] = "Links in guest articles",
    };

    public static SettingsForm From(SiteSettings s) => new()
    {
        SiteName = s.SiteName,
        Tagline = s.Tagline,
        TimeZone = s.TimeZoneId,
        AutoApproveKnownCommenters = s.CommentPolicy.AutoApproveKnownCommenters,
        HoldLinkCount = Text(s.CommentPolicy.HoldLinkCount),
        ModerationWords = string.Join('\n', s.CommentPolicy.ModerationWords),
        DisallowedWords = string.Join('\n', s.CommentPolicy.DisallowedWords),
        CloseAfterDays = Text(s.CommentPolicy.CloseAfterDays),
        MaxLength = Text(s.CommentPolicy.MaxLength),
        MinFillSeconds = Text(s.CommentPolicy.MinFillSeconds),
        FloodIntervalSeconds = Text(s.CommentPolicy.FloodIntervalSeconds),
        MaxDepth = Text(s.CommentPolicy.MaxDepth),
        GuestLinkRel = s.CommentPolicy.GuestLinkRel,
    };

    /// <summary>Every mistake, by field name, in plain words; empty when the form can be saved.</summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        var name = SiteName?.Trim() ?? "";
        if (name.Length == 0) errors[nameof(SiteName)] = "Please enter the site’s name.";
        else if (name.Length > CommentPolicyRules.SiteNameMaxLength)
            errors[nameof(SiteName)] = $"Please keep the site’s name to {CommentPolicyRules.SiteNameMaxLength} characters; it has {name.Length}.";
        if ((Tagline?.Trim().Length ?? 0) is var tagline && tagline > CommentPolicyRules.TaglineMaxLength)
            errors[nameof(Tagline)] = $"Please keep the tagline to {CommentPolicyRules.TaglineMaxLength} characters; it has {tagline}.";
        if (!CommentPolicyRules.IsTimeZone(TimeZone)) errors[nameof(TimeZone)] = "Please choose a time zone from the list.";
        if (!CommentPolicyRules.IsGuestLinkRel(GuestLinkRel)) errors[nameof(GuestLinkRel)] = "Please choose one of the three kinds of links.";
        foreach (var (field, text) in Numbers())
        {
            var range = CommentPolicyRules.Numbers[field];
            if (!TryNumber(text, out var n) || !range.Contains(n))
                errors[field] = string.IsNullOrWhiteSpace(text)
                    ? $"Please enter {range.Describe()}."
                    : $"Please enter {range.Describe()}; “{text.Trim()}” is not.";
        }

        return errors;
    }

    /// <summary>Copies a valid form onto the settings row.</summary>
    public void ApplyTo(SiteSettings s)
    {
        s.SiteName = SiteName.Trim();
        s.Tagline = Tagline?.Trim() ?? "";
        s.TimeZoneId = TimeZone;
        var p = s.CommentPolicy;
        p.AutoApproveKnownCommenters = AutoApproveKnownCommenters;
        p.HoldLinkCount = Number(HoldLinkCount);
        p.ModerationWords = Lines(ModerationWords);
        p.DisallowedWords = Lines(DisallowedWords);
        p.CloseAfterDays = Number(CloseAfterDays);
        p.MaxLength = Number(MaxLength);
        p.MinFillSeconds = Number(MinFillSeconds);
        p.FloodIntervalSeconds = Number(FloodIntervalSeconds);
        p.MaxDepth = Number(MaxDepth);
        p.GuestLinkRel = GuestLinkRel;
    }

    /// <summary>Each setting's value as the audit trail shows it, by field name.</summary>
    public static IReadOnlyDictionary<string, string> Describe(SiteSettings s)
    {
        var f = From(s);
        return new Dictionary<string, string>
        {
            [nameof(SiteName)] = f.SiteName,
            [nameof(Tagline)] = f.Tagline,
            [nameof(TimeZone)] = f.TimeZone,
            [nameof(AutoApproveKnownCommenters)] = f.AutoApproveKnownCommenters ? "yes" : "no",
            [nameof(HoldLinkCount)] = f.HoldLinkCount,
            [nameof(ModerationWords)] = string.Join(", ", s.CommentPolicy.ModerationWords),
            [nameof(DisallowedWords)] = string.Join(", ", s.CommentPolicy.DisallowedWords),
            [nameof(CloseAfterDays)] = f.CloseAfterDays,
            [nameof(MaxLength)] = f.MaxLength,
            [nameof(MinFillSeconds)] = f.MinFillSeconds,
            [nameof(FloodIntervalSeconds)] = f.FloodIntervalSeconds,
            [nameof(MaxDepth)] = f.MaxDepth,
            [nameof(GuestLinkRel)] = f.GuestLinkRel,
        };
    }

    /// <summary>The settings that differ, with their values before and after, in the page's order.</summary>
    public static IReadOnlyList<(string Field, string Before, string After)> Changes(
        IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        Labels.Keys.Where(k => before[k] != after[k]).Select(k => (k, before[k], after[k])).ToList();

    private IEnumerable<(string Field, string Text)> Numbers() =>
    [
        (nameof(HoldLinkCount), HoldLinkCount), (nameof(CloseAfterDays), CloseAfterDays), (nameof(MaxLength), MaxLength),
        (nameof(MinFillSeconds), MinFillSeconds), (nameof(FloodIntervalSeconds), FloodIntervalSeconds), (nameof(MaxDepth), MaxDepth),
    ];

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    // People write "5,000" or " 5000 "; both mean the same.
    private static bool TryNumber(string? text, out int n) =>
        int.TryParse(text?.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out n);

    private static int Number(string text) => TryNumber(text, out var n) ? n : throw new InvalidOperationException("Validate the form first.");

    private static List<string> Lines(string? text) => CommentPolicyRules.CleanWords((text ?? "").Split('\n'));
}
