using System.ComponentModel.DataAnnotations;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Users.Pages;

[AllowAnonymous]
internal sealed class ForgotPasswordModel(
    UserManager<ClinicBlogUser> users, MailOutbox outbox, MailDispatcher mail, ClinicBlogDbContext db, CommentLinks links) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Please enter your email address.")]
    [EmailAddress(ErrorMessage = "Please enter a valid email address.")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is { IsDisabled: false })
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = $"{links.BaseUrl}/admin/reset-password?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
            outbox.Enqueue(new MailMessage(user.Email!, "Reset your password",
                $"""
                Someone asked to reset the password of your account ({user.UserName}).

                Choose a new password here (the link works once, for a day):
                {link}

                If it was not you, ignore this email: your password stays as it is.
                """));
            await db.SaveChangesAsync(ct);
            mail.Wake();
        }

        // The same answer either way, so the form does not tell who has an account.
        Sent = true;
        return Page();
    }
}
