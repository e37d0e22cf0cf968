using ClinicBlog.Articles;
using ClinicBlog.Data;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Authors.Admin;

/// <summary>"Invite a guest author": an email with an expiring link; the account is a GuestAuthor linked to their bio.</summary>
[Authorize(Policy = Permissions.InviteGuestAuthors)]
internal sealed class InviteModel(GuestAuthorInvitations invitations, UserInvitations links, ClinicBlogDbContext db) : PageModel
{
    [BindProperty] public GuestInvitationForm Input { get; set; } = new();

    /// <summary>Bios no account is linked to: the ones an invitation may give.</summary>
    public IReadOnlyList<(string Id, string Name)> FreeBios { get; private set; } = [];

    public int LifetimeDays => (int)Math.Round(links.Lifetime.TotalDays);

    public async Task OnGetAsync(CancellationToken ct) => await PrepareAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The fields are checked by the rule class in plain words; the framework's own messages would only repeat them.
        ModelState.Clear();
        var invited = await invitations.InviteAsync(Actor.From(User), Input, ct);
        switch (invited.Outcome)
        {
            case WorkflowOutcome.Done:
                TempData["Status"] = $"Invitation sent to {Input.DisplayName?.Trim()}: they write as “{invited.Item!.Byline}”. The link works for {LifetimeDays} days.";
                return Redirect(User.HasClaim(Permissions.ClaimType, Permissions.ManageAuthors) ? $"/admin/authors/{invited.Item.ContentItemId}" : "/admin");
            case WorkflowOutcome.Forbidden:
                return Forbid();
        }

        foreach (var (field, message) in invited.FieldErrors) ModelState.AddModelError(field.Length == 0 ? "" : $"Input.{field}", message);
        if (invited.FieldErrors.Count == 0) ModelState.AddModelError("", invited.Error ?? "The invitation could not be sent.");
        await PrepareAsync(ct);
        return Page();
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        FreeBios = (await db.Authors.AsNoTracking().Where(a => a.UserId == null).OrderBy(a => a.DisplayName)
                .Select(a => new { a.ContentItemId, a.DisplayName, a.Credentials }).ToListAsync(ct))
            .Select(a => (a.ContentItemId, a.Credentials.Length == 0 ? a.DisplayName : $"{a.DisplayName}, {a.Credentials}")).ToList();
    }
}
