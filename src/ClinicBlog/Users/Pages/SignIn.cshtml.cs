using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Users.Pages;

[AllowAnonymous]
internal sealed class SignInModel(SignInManager<ClinicBlogUser> signIn, UserManager<ClinicBlogUser> users) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Please enter your user name or email.")]
        public string Login { get; set; } = "";

        [Required(ErrorMessage = "Please enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var login = Input.Login.Trim();
        var user = login.Contains('@') ? await users.FindByEmailAsync(login) : await users.FindByNameAsync(login);
        if (user is not null && !user.IsDisabled)
        {
            var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
            if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/admin");
            if (result.IsLockedOut)
            {
                ModelState.AddModelError("", "Too many failed attempts: this account is locked for 15 minutes. You can reset your password by email meanwhile.");
                return Page();
            }
        }

        // The same words whether the account exists or not: the form must not reveal who has an account.
        ModelState.AddModelError("", "That user name or password is not right. Please try again.");
        return Page();
    }
}
