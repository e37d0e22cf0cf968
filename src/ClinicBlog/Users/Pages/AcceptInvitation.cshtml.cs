using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Users.Pages;

/// <summary>Where an invited person chooses a password and the name the site shows, and is signed in.</summary>
[AllowAnonymous]
internal sealed class AcceptInvitationModel(UserInvitations invitations, SignInManager<ClinicBlogUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string UserId { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public InvitationStatus Status { get; private set; }
    public string UserName { get; private set; } = "";
    public int LifetimeDays => (int)Math.Round(invitations.Lifetime.TotalDays);

    public async Task<IActionResult> OnGetAsync()
    {
        var (status, user) = await invitations.CheckAsync(UserId, Token);
        Status = status;
        if (user is not null)
        {
            UserName = user.UserName ?? "";
            DisplayName = user.DisplayName;
        }

        return StatusFor(status);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (status, user) = await invitations.CheckAsync(UserId, Token);
        Status = status;
        if (status != InvitationStatus.Valid || user is null) return StatusFor(status);
        UserName = user.UserName ?? "";

        // The fields are checked below in plain words; the framework's own "field is required" would only repeat them.
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(DisplayName)) ModelState.AddModelError(nameof(DisplayName), "Please enter your name as the site should show it.");
        else if (DisplayName.Trim().Length > UserInvitations.DisplayNameMaxLength)
            ModelState.AddModelError(nameof(DisplayName), $"Please keep your name to {UserInvitations.DisplayNameMaxLength} characters.");
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Please choose a password.");
        if (!ModelState.IsValid) return Page();

        var result = await invitations.AcceptAsync(user, Token, DisplayName, Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(nameof(Password), e.Description);
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Status"] = $"Welcome, {user.DisplayName}. Your password is set and you are signed in.";
        return Redirect("/admin");
    }

    // A link that does not work is not a server error, but it is not a found page either: 410 tells a crawler or a
    // mail scanner to stop, and people read the page's words.
    private IActionResult StatusFor(InvitationStatus status)
    {
        if (status != InvitationStatus.Valid) Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}
