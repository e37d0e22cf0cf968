using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Users.Admin;

/// <summary>Any signed-in account may change its own password.</summary>
internal sealed class PasswordModel(UserManager<ClinicBlogUser> users, SignInManager<ClinicBlogUser> signIn) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Please enter your current password."), DataType(DataType.Password)]
    public string Current { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Please choose a new password."), DataType(DataType.Password)]
    public string New { get; set; } = "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var result = await users.ChangePasswordAsync(user, Current, New);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code == "PasswordMismatch" ? nameof(Current) : nameof(New),
                    e.Code == "PasswordMismatch" ? "That is not your current password." : e.Description);
            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = "Your password is changed.";
        return RedirectToPage();
    }
}
