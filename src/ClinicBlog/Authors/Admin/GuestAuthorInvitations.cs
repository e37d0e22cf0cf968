using ClinicBlog.Articles;
using ClinicBlog.Content;
using ClinicBlog.Data;
using ClinicBlog.Users;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Authors.Admin;

/// <summary>What "Invite a guest author" asks: who, and which bio they will write as (an unlinked one, or a new one).</summary>
internal sealed class GuestInvitationForm
{
    public string? Email { get; set; }

    /// <summary>The account's name; also the new bio's name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>"new" or "existing".</summary>
    public string? BioChoice { get; set; } = "new";

    public string? NewBioCredentials { get; set; }
    public string? ExistingBioId { get; set; }
}

/// <summary>Invites a guest author: an account in the GuestAuthor role, linked to their author bio, all in one transaction.</summary>
/// <remarks>
/// The invitation itself (the account without a password, the expiring link, its email and audit entry) is
/// <see cref="UserInvitations"/>'s, shared with the users page. Creating and linking the one bio that goes with it is
/// part of the invitation, so InviteGuestAuthors is enough: the inviter need not manage every author. Only a bio no
/// account is linked to can be given, so an invitation never takes a bio away from its author.
/// </remarks>
internal sealed class GuestAuthorInvitations(ClinicBlogDbContext db, UserInvitations invitations, AuthorBioEditor bios)
{
    public const string NewBio = "new";
    public const string ExistingBio = "existing";

    public async Task<WorkflowResult<AuthorBio>> InviteAsync(Actor actor, GuestInvitationForm form, CancellationToken ct)
    {
        if (!actor.Can(Permissions.InviteGuestAuthors)) return WorkflowResult<AuthorBio>.Forbidden("Your role cannot invite guest authors.");
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var existing = form.BioChoice == ExistingBio;
        AuthorBio? bio = null;
        if (existing)
        {
            bio = string.IsNullOrEmpty(form.ExistingBioId) ? null : await db.Authors.FirstOrDefaultAsync(a => a.ContentItemId == form.ExistingBioId, ct);
            if (bio is null) errors[nameof(GuestInvitationForm.ExistingBioId)] = "Please choose the bio they will write as.";
            else if (bio.UserId is not null) errors[nameof(GuestInvitationForm.ExistingBioId)] = $"The bio of “{bio.DisplayName}” is already linked to an account. Choose another, or a new bio.";
        }
        else if ((form.NewBioCredentials ?? "").Trim().Length > ContentLimits.Author.Credentials)
        {
            errors[nameof(GuestInvitationForm.NewBioCredentials)] = $"Credentials can be at most {ContentLimits.Author.Credentials} characters, such as “PT, DPT”.";
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invited = await invitations.InviteAsync(new InvitationRequest(form.Email ?? "", form.DisplayName ?? "", [Permissions.Roles.GuestAuthor]), ct);
        foreach (var (field, message) in invited.Errors) errors.TryAdd(field == nameof(InvitationRequest.Roles) ? "" : field, message);
        if (errors.Count > 0) return WorkflowResult<AuthorBio>.Invalid(errors);

        // The invitation is what allows this one bio to be made and linked (see the remarks).
        var forInvitation = actor with { Granted = new HashSet<string>(actor.Granted, StringComparer.Ordinal) { Permissions.ManageAuthors } };
        if (!existing)
        {
            var created = await bios.CreateAsync(forInvitation, new AuthorForm { DisplayName = invited.User!.DisplayName, Credentials = form.NewBioCredentials }, ct);
            if (!created.Succeeded) return Refused(created, nameof(GuestInvitationForm.DisplayName));
            bio = created.Item!;
        }

        var linked = await bios.LinkAsync(forInvitation, bio!.ContentItemId, invited.User!.Id, ct);
        if (!linked.Succeeded) return Refused(linked, nameof(GuestInvitationForm.ExistingBioId));
        await transaction.CommitAsync(ct);
        return WorkflowResult<AuthorBio>.Done(linked.Item!);
    }

    /// <summary>A bio step's refusal as this form's: its field errors under one field of ours (the transaction is rolled back).</summary>
    private static WorkflowResult<AuthorBio> Refused(WorkflowResult<AuthorBio> result, string field) =>
        result.Outcome == WorkflowOutcome.Invalid
            ? WorkflowResult<AuthorBio>.Invalid(new Dictionary<string, string>(StringComparer.Ordinal) { [field] = result.FieldErrors.Values.First() })
            : result;
}
