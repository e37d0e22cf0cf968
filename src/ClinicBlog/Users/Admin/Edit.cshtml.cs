using System.Security.Claims;
using ClinicBlog.AuditTrail;
using ClinicBlog.Data;
using ClinicBlog.Roles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Users.Admin;

/// <summary>One account: its roles, a new invitation, disable and enable.</summary>
/// <remarks>
/// New roles reach the person's sign-in cookie within a minute without signing them out: the security stamp check
/// rebuilds the cookie's permissions from the database each interval. Disabling also changes the security stamp,
/// which makes that check sign them out.
/// </remarks>
[Authorize(Policy = Permissions.ManageUsers)]
internal sealed class EditModel(
    UserManager<ClinicBlogUser> users,
    SignInManager<ClinicBlogUser> signIn,
    UserInvitations invitations,
    ClinicBlogDbContext db,
    AuditLog audit,
    TimeProvider clock) : PageModel
{
    public ClinicBlogUser Account { get; private set; } = null!;
    public string State { get; private set; } = "";
    public IReadOnlyList<RoleSummary> AllRoles { get; private set; } = [];

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    public bool IsSelf { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Roles = [.. await users.GetRolesAsync(Account)];
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var before = (await users.GetRolesAsync(Account)).Order(StringComparer.Ordinal).ToList();
        var after = Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var errors = AccountRules.CheckRoles(MyId, Account.Id, before, after, MyPermissions, RoleCatalog.PermissionsByRole(AllRoles));
        if (errors.Count > 0)
        {
            ModelState.AddModelError(nameof(Roles), string.Join(" ", errors));
            return Page();
        }

        if (before.SequenceEqual(after))
        {
            TempData["Status"] = "Nothing changed.";
            return RedirectToPage();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            Check(await users.RemoveFromRolesAsync(Account, before.Except(after)));
            Check(await users.AddToRolesAsync(Account, after.Except(before)));
            audit.Record("user.roles", "user", Account.Id, $"Changed the roles of {Account.DisplayName}",
                string.Join(", ", before), string.Join(", ", after));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        if (IsSelf) await signIn.RefreshSignInAsync(Account);
        TempData["Status"] = $"The roles of {Account.DisplayName} are saved. They apply within a minute.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (AccountRules.CheckDisable(MyId, Account.Id) is { } error)
        {
            ModelState.AddModelError("", error);
            Roles = [.. await users.GetRolesAsync(Account)];
            return Page();
        }

        if (!Account.IsDisabled)
        {
            Account.IsDisabled = true;
            Account.LockoutEnabled = true;
            Account.LockoutEnd = DateTimeOffset.MaxValue;
            audit.Record("user.disable", "user", Account.Id, $"Disabled the account of {Account.DisplayName}");
            // One save: the account, its new security stamp (which signs it out everywhere) and the audit entry.
            Check(await users.UpdateSecurityStampAsync(Account));
        }

        TempData["Status"] = $"The account of {Account.DisplayName} is disabled. They are signed out within a minute.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Account.IsDisabled)
        {
            Account.IsDisabled = false;
            Account.LockoutEnd = null;
            Account.AccessFailedCount = 0;
            audit.Record("user.enable", "user", Account.Id, $"Enabled the account of {Account.DisplayName}");
            Check(await users.UpdateSecurityStampAsync(Account));
        }

        TempData["Status"] = Account.PasswordHash is null
            ? $"The account of {Account.DisplayName} is enabled. Send them a new invitation: the old link no longer works."
            : $"The account of {Account.DisplayName} is enabled. They can sign in again.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResendAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (await invitations.ResendAsync(Account, ct) is { } error)
        {
            ModelState.AddModelError("", error);
            Roles = [.. await users.GetRolesAsync(Account)];
            return Page();
        }

        TempData["Status"] = $"A new invitation is on its way to {Account.DisplayName}. The earlier link no longer works.";
        return RedirectToPage();
    }

    private string MyId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private HashSet<string> MyPermissions => User.FindAll(Permissions.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var account = await users.FindByIdAsync(id);
        if (account is null) return false;
        Account = account;
        IsSelf = account.Id == MyId;
        State = AccountRules.StateOf(account, clock.GetUtcNow());
        AllRoles = await RoleCatalog.LoadAsync(db, ct);
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
