using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClinicBlog.Dashboard;

/// <summary>How a feature puts its pages in the dashboard's menu, from its own registration class.</summary>
internal static partial class AdminMenuRegistration
{
    /// <summary>Adds one entry; checked here, so a misspelt permission stops the site at start-up rather than hiding a link.</summary>
    internal static IServiceCollection AddAdminMenuEntry(this IServiceCollection services, AdminMenuEntry entry)
    {
        if (string.IsNullOrWhiteSpace(entry.Text)) throw new ArgumentException("A dashboard menu entry needs words.", nameof(entry));
        if (!entry.Url.StartsWith('/')) throw new ArgumentException($"Menu entry '{entry.Text}': the URL '{entry.Url}' must start with '/'.", nameof(entry));
        if (entry.AnyOf.FirstOrDefault(p => !Permissions.IsKnown(p)) is { } unknown)
            throw new ArgumentException($"Menu entry '{entry.Text}': '{unknown}' is no permission. Known: {string.Join(", ", Permissions.All)}.", nameof(entry));
        // The hook becomes an attribute name in the page, so it may hold nothing that could end the name.
        if (entry.Count is { } count && !HookName().IsMatch(count.Hook))
            throw new ArgumentException($"Menu entry '{entry.Text}': the count's hook '{count.Hook}' must be lower-case letters, digits and dashes.", nameof(entry));

        services.AddSingleton(entry);
        // Every feature calls this; whichever comes first registers the one menu that reads all the entries.
        services.TryAddScoped<AdminMenu>();
        return services;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex HookName();
}

/// <summary>The menu one account sees on one page: the entries its permissions show, in groups and by position.</summary>
internal sealed class AdminMenu(IEnumerable<AdminMenuEntry> entries, IServiceProvider services)
{
    public async Task<IReadOnlyList<AdminMenuGroup>> ForAsync(ClaimsPrincipal user, PathString path, CancellationToken ct)
    {
        // Stable sort: equal positions keep the order the features registered in (ClinicBlogModule's order).
        var shown = entries.Where(e => e.IsShownTo(user)).OrderBy(e => e.Position).ToList();
        // One page, one current entry: the closest match (see AdminMenuEntry.MatchAt).
        var current = shown.Select(e => (Entry: e, Match: e.MatchAt(path))).Where(m => m.Match is not null)
            .OrderByDescending(m => m.Match).Select(m => m.Entry).FirstOrDefault();

        var groups = new List<(string? Name, List<AdminMenuItem> Items)>();
        foreach (var entry in shown)
        {
            // Counts are read only for the entries shown: nobody without moderation waits on the queue's count.
            var item = new AdminMenuItem(entry, ReferenceEquals(entry, current), entry.Count is { } c ? await c.ReadAsync(services, ct) : null);
            var group = entry.Group is null ? -1 : groups.FindIndex(g => g.Name == entry.Group);
            if (group >= 0) groups[group].Items.Add(item);
            else groups.Add((entry.Group, [item]));
        }

        return groups.Select(g => new AdminMenuGroup(g.Name, g.Items)).ToList();
    }
}

/// <summary>Entries under a heading, or (no <paramref name="Name"/>) one entry on its own.</summary>
internal sealed record AdminMenuGroup(string? Name, IReadOnlyList<AdminMenuItem> Items);

/// <summary>An entry as drawn: whether it is the page one is on, and its number if it has one.</summary>
internal sealed record AdminMenuItem(AdminMenuEntry Entry, bool IsCurrent, int? Count);
