using ClinicBlog.Caching;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Site;

/// <summary>What the theme shows of the site: its name and tagline, and the clock of its time zone.</summary>
public sealed record SiteBrand(string SiteName, string Tagline, TimeZoneInfo TimeZone, string GuestLinkRel)
{
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZone);

    /// <summary>A date as readers see it: "April 8, 2025".</summary>
    public string Date(DateTime utc) => ToLocal(utc).ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Reads the site's brand once per request for the theme's layout and the pages.</summary>
public sealed class SiteBranding
{
    private readonly ClinicBlogDbContext db;
    private readonly PageDataCache cache;
    private SiteBrand? brand;

    internal SiteBranding(ClinicBlogDbContext db, PageDataCache cache)
    {
        this.db = db;
        this.cache = cache;
    }

    /// <summary>The brand, read once per request and kept in memory until the site's settings change.</summary>
    public async Task<SiteBrand> GetAsync(CancellationToken ct = default) =>
        brand ??= await cache.GetAsync("site|brand", async () => (await ReadAsync(ct), Array.Empty<string>()));

    private async Task<SiteBrand> ReadAsync(CancellationToken ct)
    {
        var row = await db.SiteSettings.AsNoTracking().Where(s => s.Id == SiteSettings.SingletonId)
            .Select(s => new { s.SiteName, s.Tagline, s.TimeZoneId, s.CommentPolicy.GuestLinkRel })
            .FirstOrDefaultAsync(ct);
        var zone = row is not null && TimeZoneInfo.TryFindSystemTimeZoneById(row.TimeZoneId, out var z) ? z : TimeZoneInfo.Utc;
        return new SiteBrand(row?.SiteName ?? "ClinicBlog", row?.Tagline ?? "", zone, row?.GuestLinkRel ?? "noopener");
    }
}
