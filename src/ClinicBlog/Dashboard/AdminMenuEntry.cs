using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace ClinicBlog.Dashboard;

/// <summary>
/// One link in the dashboard's menu, given by the feature that owns its page (Orchard's <c>AdminMenu</c>): the layout
/// draws what the features registered with <see cref="AdminMenuRegistration.AddAdminMenuEntry"/> and names none of them.
/// </summary>
/// <param name="Text">The link's words, as the clinic says them ("Your bio").</param>
/// <param name="Url">Where it goes.</param>
/// <param name="Position">Its place, lower first; the entries of today are ten apart so a new one fits between any two.</param>
/// <param name="AnyOf">
/// The permissions that show it, any one being enough. Empty shows it to every signed-in account: only the dashboard's
/// home is for everyone, so an empty list is a decision, not a default.
/// </param>
internal sealed record AdminMenuEntry(string Text, string Url, int Position, IReadOnlyList<string> AnyOf)
{
    /// <summary>A heading to list it under, with the other entries of that group; the group takes its first entry's place.</summary>
    public string? Group { get; init; }

    /// <summary>The pages on which it is the current entry (<c>aria-current="page"</c>); by default its URL and every page below it.</summary>
    public IReadOnlyList<AdminMenuPath>? CurrentOn { get; init; }

    /// <summary>A number beside the words, such as the comments waiting.</summary>
    public AdminMenuCount? Count { get; init; }

    public bool IsShownTo(ClaimsPrincipal user) => AnyOf.Count == 0 || AnyOf.Any(p => user.HasClaim(Permissions.ClaimType, p));

    /// <summary>How closely <paramref name="path"/> is this entry's page: the length of the longest of its paths that matches, or null.</summary>
    /// <remarks>The closest match wins, so an entry for "/admin/reports/monthly" beats "/admin/reports" on its own page.</remarks>
    public int? MatchAt(PathString path) =>
        (CurrentOn ?? [AdminMenuPath.Under(Url)]).Where(p => p.Matches(path)).Select(p => (int?)p.Path.Length).Max();
}

/// <summary>A path that makes an entry current: that page alone (<see cref="At"/>), or it and every page below it (<see cref="Under"/>).</summary>
internal sealed record AdminMenuPath(string Path, bool AndBelow)
{
    /// <summary>Only this page: the dashboard's home, which every other dashboard page is below.</summary>
    public static AdminMenuPath At(string path) => new(path, AndBelow: false);

    /// <summary>This page and its sub-pages: "/admin/articles" covers an article's editor and its history.</summary>
    public static AdminMenuPath Under(string path) => new(path, AndBelow: true);

    /// <summary>By whole segments ("/admin/articles" is not below "/admin/art"), ignoring case and a trailing slash, as routing does.</summary>
    public bool Matches(PathString path) =>
        path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase, out var rest) && (AndBelow || !rest.HasValue || rest.Value == "/");
}

/// <summary>A number beside an entry's words; read on each page, and only for those who see the entry.</summary>
/// <param name="Hook">Names the <c>data-{Hook}-count</c> attribute by which a page's script updates the number in place.</param>
/// <param name="Words">What is counted, for screen readers ("2 pending"); sighted readers see the number alone.</param>
/// <param name="ReadAsync">Reads the number with the request's services.</param>
internal sealed record AdminMenuCount(string Hook, string Words, Func<IServiceProvider, CancellationToken, Task<int>> ReadAsync)
{
    public string DataAttribute => $"data-{Hook}-count";
}
