using ClinicBlog.Data;
using ClinicBlog.Roles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Users.Admin;

/// <summary>Invites someone by email: the account waits without a password until they follow the link.</summary>
[Authorize(Policy = Permissions.ManageUsers)]
internal sealed class InviteModel(UserInvitations invitations, ClinicBlogDbContext db) : PageModel
{
    public sealed class InputModel
    {
        public string Email { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public List<string> Roles { get; set; } = [];
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<RoleSummary> AllRoles { get; private set; } = [];

    public int LifetimeDays => (int)Math.Round(invitations.Lifetime.TotalDays);

    public async Task OnGetAsync(CancellationToken ct)
    {
        AllRoles = await RoleCatalog.LoadAsync(db, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The fields are checked below in plain words; the framework's own "field is required" would only repeat them.
        ModelState.Clear();
        AllRoles = await RoleCatalog.LoadAsync(db, ct);
        var mine = User.FindAll(Permissions.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var ruleErrors = AccountRules.CheckRoles(actorId: "", targetId: "new", before: [], after: Input.Roles, mine,
            RoleCatalog.PermissionsByRole(AllRoles));
        if (ruleErrors.Count > 0)
        {
            ModelState.AddModelError("Input.Roles", string.Join(" ", ruleErrors));
            return Page();
        }

        var outcome = await invitations.InviteAsync(new InvitationRequest(Input.Email, Input.DisplayName, Input.Roles), ct);
        if (!outcome.Succeeded)
        {
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError($"Input.{field}", message);
            return Page();
        }

        TempData["Status"] = $"Invitation sent to {outcome.User!.DisplayName}. The link works for {LifetimeDays} days.";
        return Redirect($"/admin/users/{outcome.User.Id}");
    }
}
