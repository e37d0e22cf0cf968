using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.AuditTrail.Admin;

[Authorize(Policy = Permissions.ViewAuditTrail)]
internal sealed class IndexModel(ClinicBlogDbContext db, AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? User_ { get; set; }
    [BindProperty(SupportsGet = true)] public string? ItemId { get; set; }

    /// <summary>Keyset paging: entries older than this id.</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public IReadOnlyList<(AuditEntry Entry, string? Details)> Entries { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public long? NextBefore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action)) query = query.Where(e => e.Action == Action);
        if (!string.IsNullOrWhiteSpace(User_)) query = query.Where(e => e.UserName.Contains(User_));
        if (!string.IsNullOrWhiteSpace(ItemId)) query = query.Where(e => e.ItemId == ItemId);
        if (Before is { } before) query = query.Where(e => e.Id < before);
        var rows = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        var canSeeEmails = User.HasClaim(Permissions.ClaimType, Permissions.ViewCommenterEmail);
        Entries = rows.Take(PageSize).Select(e => (e, canSeeEmails ? audit.Reveal(e) : null)).ToList();
        NextBefore = rows.Count > PageSize ? rows[PageSize - 1].Id : null;
        Actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }
}
