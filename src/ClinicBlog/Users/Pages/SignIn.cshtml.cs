using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Users.Pages;

[AllowAnonymous]
internal sealed class SignInModel(SignInAttempts attempts) : PageModel
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

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var outcome = await attempts.SignInAsync(Input.Login, Input.Password, Input.RememberMe, HttpContext.Connection.RemoteIpAddress, ct);
        if (outcome.SignedIn) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/admin");
        ModelState.AddModelError("", outcome.Error!);
        Response.StatusCode = outcome.StatusCode;
        return Page();
    }
}
