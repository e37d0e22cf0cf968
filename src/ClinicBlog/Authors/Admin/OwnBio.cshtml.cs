using ClinicBlog.Articles;
using ClinicBlog.Content;
using ClinicBlog.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Authors.Admin;

/// <summary>A guest author's own bio: the words readers see in the byline, the "About the Author" box and the author page.</summary>
/// <remarks>
/// Only the bio linked to the signed-in account; its address, notification email and link stay with those who manage
/// authors (<see cref="AuthorBioEditor"/> keeps them whatever is posted).
/// </remarks>
[Authorize(Policy = Permissions.EditOwnBio)]
internal sealed class OwnBioModel(AuthorBioEditor editor, DashboardPreview preview) : PageModel
{
    [BindProperty] public AuthorForm Input { get; set; } = new();

    public AuthorBio? Bio { get; private set; }
    public string PreviewHtml { get; private set; } = "";
    public IReadOnlyList<(string Field, string Message)> Errors { get; private set; } = [];

    private Actor Actor => Actor.From(User);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Bio = await editor.OwnBioAsync(Actor, ct);
        if (Bio is not null)
        {
            Input = new AuthorForm
            {
                DisplayName = Bio.DisplayName,
                Credentials = Bio.Credentials,
                Headline = Bio.Headline,
                BioMarkdown = Bio.BioMarkdown,
                WebsiteUrl = Bio.WebsiteUrl,
                WebsiteText = Bio.WebsiteText,
                PhotoUrl = Bio.PhotoUrl,
            };
        }

        await PrepareAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Bio = await editor.OwnBioAsync(Actor, ct);
        if (Bio is null) return NotFound();
        // The address and the notification email are not on this form: they stay as they are.
        Input.Slug = Bio.Slug;
        Input.NotificationEmail = editor.NotificationEmail(Actor, Bio);
        Input.UserId = Bio.UserId;
        var saved = await editor.SaveAsync(Actor, Bio.ContentItemId, Input, ct);
        if (saved.Succeeded)
        {
            TempData["Status"] = "Your bio is saved. Readers see it at once.";
            return Redirect("/admin/me/bio");
        }

        if (WorkflowRefusal.AnswerOrShowAgain(this, saved, "Your bio could not be saved.") is { } answer) return answer;
        await PrepareAsync(ct);
        return Page();
    }

    /// <summary>"Preview" without JavaScript: the page again with the bio rendered; nothing is saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        Bio = await editor.OwnBioAsync(Actor, ct);
        if (Bio is null) return NotFound();
        ModelState.Clear();
        await PrepareAsync(ct);
        return Page();
    }

    /// <summary>The live preview's fragment: the same pipeline as the "About the Author" box.</summary>
    public Task<IActionResult> OnPostRenderAsync([FromForm(Name = "markdown")] string? text, CancellationToken ct) =>
        preview.FragmentAsync(Response, text, ContentLimits.Author.Bio, ct);

    private async Task PrepareAsync(CancellationToken ct)
    {
        PreviewHtml = await preview.HtmlAsync(Input.BioMarkdown, ct);
        Errors = WorkflowRefusal.Summary(ModelState);
    }
}
