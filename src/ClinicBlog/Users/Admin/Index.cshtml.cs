using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Users.Admin;

/// <summary>Every account, with its email (ManageUsers is an admin permission), roles and state.</summary>
[Authorize(Policy = Permissions.ManageUsers)]
internal sealed class IndexModel(ClinicBlogDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(string Id, string DisplayName, string UserName, string Email, IReadOnlyList<string> Roles, string State);

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var accounts = await db.Users.AsNoTracking().ToListAsync(ct);
        var roles = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        Users = accounts
            .Select(u => new Row(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName ?? "" : u.DisplayName, u.UserName ?? "", u.Email ?? "",
                roles.Where(r => r.UserId == u.Id).Select(r => r.Name ?? "").Order(StringComparer.OrdinalIgnoreCase).ToList(),
                AccountRules.StateOf(u, now)))
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }
}
