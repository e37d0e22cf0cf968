using ClinicBlog.AuditTrail;
using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Roles.Admin;

/// <summary>Every role with its description and member count, and a form to create one.</summary>
[Authorize(Policy = Permissions.ManageRoles)]
internal sealed class IndexModel(RoleManager<IdentityRole> roles, ClinicBlogDbContext db, AuditLog audit) : PageModel
{
    public IReadOnlyList<RoleSummary> Roles { get; private set; } = [];

    [BindProperty]
    public string NewName { get; set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Roles = await RoleCatalog.LoadAsync(db, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Roles = await RoleCatalog.LoadAsync(db, ct);
        // The name is checked below in plain words; the framework's own "field is required" would only repeat it.
        ModelState.Clear();
        var name = NewName?.Trim() ?? "";
        if (RoleRules.CheckNewName(name, Roles.Select(r => r.Name)) is { } error)
        {
            ModelState.AddModelError(nameof(NewName), error);
            return Page();
        }

        var role = new IdentityRole(name);
        audit.Record("role.create", "role", name, $"Created the role {name}");
        // The role store saves at once, and the audit entry with it.
        var result = await roles.CreateAsync(role);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        TempData["Status"] = $"The role {name} is created. Choose what it may do.";
        return Redirect($"/admin/roles/{Uri.EscapeDataString(name)}");
    }
}
