using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Site.Admin;

/// <summary>The site's name, tagline, time zone and comment rules. Saved settings apply from the next request on.</summary>
[Authorize(Policy = Permissions.ManageSettings)]
internal sealed class SettingsModel(ClinicBlogDbContext db, AuditLog audit, PageCache cache) : PageModel
{
    /// <summary>Every time zone of the system by IANA id, with its standard offset, for the select.</summary>
    private static readonly Lazy<IReadOnlyList<(string Id, string Label)>> Zones = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Select(z => (Id: z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : z.Id, z.BaseUtcOffset))
            .DistinctBy(z => z.Id)
            .OrderBy(z => z.Id, StringComparer.Ordinal)
            .Select(z => (z.Id, $"{z.Id} (UTC{(z.BaseUtcOffset < TimeSpan.Zero ? "−" : "+")}{z.BaseUtcOffset:hh\\:mm})"))
            .ToList());

    [BindProperty]
    public SettingsForm Form { get; set; } = new();

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<(string Id, string Label)> TimeZones
    {
        get
        {
            var zones = Zones.Value;
            // A zone the list lacks (set by a recipe with another spelling) still shows as chosen.
            return zones.Any(z => z.Id == Form.TimeZone) || string.IsNullOrEmpty(Form.TimeZone) ? zones : [(Form.TimeZone, Form.TimeZone), .. zones];
        }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Form = SettingsForm.From(await LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The form checks itself in plain words; the framework's own "field is required" messages would repeat them.
        ModelState.Clear();
        Errors = Form.Validate();
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var settings = await LoadAsync(ct);
        var before = SettingsForm.Describe(settings);
        Form.ApplyTo(settings);
        var changes = SettingsForm.Changes(before, SettingsForm.Describe(settings));
        if (changes.Count == 0)
        {
            TempData["Status"] = "Nothing changed.";
            return RedirectToPage();
        }

        audit.Record("settings.update", "settings", "site",
            $"Changed {string.Join(", ", changes.Select(c => SettingsForm.Labels[c.Field].ToLowerInvariant()))}",
            string.Join("\n", changes.Select(c => $"{c.Field}: {c.Before}")),
            string.Join("\n", changes.Select(c => $"{c.Field}: {c.After}")));
        await db.SaveChangesAsync(ct);
        // The site's name, tagline and comment rules are on every public page.
        await cache.InvalidateAsync([PageTags.Site], ct);
        TempData["Status"] = "The settings are saved. They apply from now on.";
        return RedirectToPage();
    }

    private async Task<SiteSettings> LoadAsync(CancellationToken ct)
    {
        var settings = await db.SiteSettings.FirstOrDefaultAsync(s => s.Id == SiteSettings.SingletonId, ct);
        if (settings is null)
        {
            settings = new SiteSettings();
            db.SiteSettings.Add(settings);
        }

        return settings;
    }
}
