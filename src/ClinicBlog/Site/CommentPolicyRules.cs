namespace ClinicBlog.Site;

/// <summary>The limits of the site settings, shared by the recipe's <c>Settings</c> step and the settings page.</summary>
/// <remarks>One place, so that a recipe can never store what the dashboard would refuse, nor the other way round.</remarks>
internal static class CommentPolicyRules
{
    /// <summary>A whole number the setting accepts, inclusive.</summary>
    internal sealed record IntRange(int Min, int Max)
    {
        public bool Contains(int value) => value >= Min && value <= Max;

        /// <summary>"a whole number from 1 to 10", or "a whole number, 0 or more" when there is no real upper limit.</summary>
        public string Describe() => Max == int.MaxValue
            ? $"a whole number, {Min} or more"
            : $"a whole number from {Min} to {Max}";
    }

    public const int SiteNameMaxLength = 100;
    public const int TaglineMaxLength = 200;

    public static readonly IReadOnlyList<string> GuestLinkRels = ["noopener", "nofollow", "sponsored"];

    /// <summary>The range of each whole-number comment setting, by its property name.</summary>
    /// <remarks>CloseAfterDays stops at 100 years: beyond about 29,000 years a TimeSpan overflows and every article would fail.</remarks>
    public static readonly IReadOnlyDictionary<string, IntRange> Numbers = new Dictionary<string, IntRange>(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(CommentPolicySettings.HoldLinkCount)] = new(0, int.MaxValue),
        [nameof(CommentPolicySettings.CloseAfterDays)] = new(0, 36_500),
        [nameof(CommentPolicySettings.MaxLength)] = new(1, 100_000),
        [nameof(CommentPolicySettings.MinFillSeconds)] = new(0, int.MaxValue),
        [nameof(CommentPolicySettings.FloodIntervalSeconds)] = new(0, int.MaxValue),
        [nameof(CommentPolicySettings.MaxDepth)] = new(1, 10),
    };

    public static bool IsGuestLinkRel(string? value) => value is not null && GuestLinkRels.Contains(value, StringComparer.Ordinal);

    public static bool IsTimeZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>Words as the policy keeps them: trimmed, no blanks, each once (ignoring case), in the order given.</summary>
    public static List<string> CleanWords(IEnumerable<string?> words) =>
        words.Select(w => w?.Trim() ?? "").Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
