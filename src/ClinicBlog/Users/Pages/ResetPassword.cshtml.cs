using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Users.Pages;

[AllowAnonymous]
internal sealed class ResetPasswordModel(UserManager<ClinicBlogUser> users) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string UserId { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Please choose a new password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByIdAsync(UserId);
        var result = user is null
            ? IdentityResult.Failed(new IdentityError { Description = "This link is not valid any more. Please ask for a new one." })
            : await users.ResetPasswordAsync(user, Token, Password);
        if (result.Succeeded)
        {
            await users.SetLockoutEndDateAsync(user!, null);
            Done = true;
            return Page();
        }

        foreach (var e in result.Errors)
            ModelState.AddModelError(e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(Password) : "",
                e.Code == "InvalidToken" ? "This link is not valid any more. Please ask for a new one." : e.Description);
        return Page();
    }
}
