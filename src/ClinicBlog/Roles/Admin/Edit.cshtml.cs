using System.Security.Claims;
using ClinicBlog.AuditTrail;
using ClinicBlog.Data;
using ClinicBlog.Recipes.Steps;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Roles.Admin;

/// <summary>One role: its description, a checkbox per permission, and delete when nobody has it.</summary>
/// <remarks>
/// Members get the change within a minute without being signed out: each interval the security stamp check rebuilds
/// a sign-in cookie's permissions from the database. (Changing their security stamps would sign every member out
/// instead, which a grant does not call for.)
/// </remarks>
[Authorize(Policy = Permissions.ManageRoles)]
internal sealed class EditModel(
    RoleManager<IdentityRole> roles,
    UserManager<ClinicBlogUser> users,
    SignInManager<ClinicBlogUser> signIn,
    ClinicBlogDbContext db,
    AuditLog audit) : PageModel
{
    public RoleSummary Role { get; private set; } = null!;

    [BindProperty]
    public List<string> Granted { get; set; } = [];

    [BindProperty]
    public string Description { get; set; } = "";

    public bool IsAdministrator => Role.Name == Permissions.Roles.Administrator;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct)) return NotFound();
        Granted = [.. Role.Permissions];
        Description = Role.Description;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct)) return NotFound();
        // An empty description is allowed: the framework's implicit "field is required" must not refuse it.
        ModelState.Clear();
        var before = Role.Permissions.ToList();
        // Kept in the order of Permissions.All, so the audit's before and after lists line up.
        var after = Permissions.All.Where(p => Granted.Contains(p, StringComparer.Ordinal)).ToList();
        var unknown = Granted.Where(p => !Permissions.IsKnown(p)).ToList();
        var mine = User.FindAll(Permissions.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var errors = RoleRules.CheckPermissions(Role.Name, before, [.. after, .. unknown], mine);
        var description = Description?.Trim() ?? "";
        if (description.Length > RoleRules.DescriptionMaxLength)
            ModelState.AddModelError(nameof(Description), $"Please keep the description to {RoleRules.DescriptionMaxLength} characters; it has {description.Length}.");
        if (errors.Count > 0) ModelState.AddModelError(nameof(Granted), string.Join(" ", errors));
        if (!ModelState.IsValid) return Page();

        var permissionsChanged = !before.SequenceEqual(after);
        var descriptionChanged = description != Role.Description;
        if (!permissionsChanged && !descriptionChanged)
        {
            TempData["Status"] = "Nothing changed.";
            return RedirectToPage();
        }

        var role = (await roles.FindByIdAsync(Role.Id))!;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var claims = await roles.GetClaimsAsync(role);
            foreach (var claim in claims.Where(c => (c.Type == Permissions.ClaimType && !after.Contains(c.Value))
                         || (descriptionChanged && c.Type == RolesStep.DescriptionClaimType)))
                Check(await roles.RemoveClaimAsync(role, claim));
            foreach (var p in after.Except(before))
                Check(await roles.AddClaimAsync(role, new Claim(Permissions.ClaimType, p)));
            if (descriptionChanged && description.Length > 0)
                Check(await roles.AddClaimAsync(role, new Claim(RolesStep.DescriptionClaimType, description)));

            if (permissionsChanged)
            {
                audit.Record("role.permissions", "role", Role.Name, $"Changed the permissions of the role {Role.Name}",
                    string.Join(", ", before), string.Join(", ", after));
            }

            if (descriptionChanged)
                audit.Record("role.description", "role", Role.Name, $"Changed the description of the role {Role.Name}", Role.Description, description);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        // Our own cookie gets the new permissions now rather than being signed out at the next check.
        if (permissionsChanged && User.IsInRole(Role.Name) && await users.GetUserAsync(User) is { } me)
            await signIn.RefreshSignInAsync(me);
        TempData["Status"] = permissionsChanged
            ? $"The permissions of {Role.Name} are saved. Its members get them within a minute."
            : $"The description of {Role.Name} is saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct)) return NotFound();
        if (RoleRules.CheckDelete(Role.Name, Role.MemberCount) is { } error)
        {
            ModelState.AddModelError("", error);
            Granted = [.. Role.Permissions];
            Description = Role.Description;
            return Page();
        }

        var role = (await roles.FindByIdAsync(Role.Id))!;
        audit.Record("role.delete", "role", Role.Name, $"Deleted the role {Role.Name}", string.Join(", ", Role.Permissions));
        // The role store saves at once, and the audit entry with it.
        Check(await roles.DeleteAsync(role));
        TempData["Status"] = $"The role {Role.Name} is deleted.";
        return Redirect("/admin/roles");
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        var role = (await RoleCatalog.LoadAsync(db, ct)).FirstOrDefault(r => r.Name == name);
        if (role is null) return false;
        Role = role;
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
