namespace ClinicBlog.Comments;

/// <summary>An email address that asked to hear about replies, by keyed hash; confirmed by a link first (double opt-in).</summary>
/// <remarks>Nothing but the confirmation email is sent to an address until <see cref="ConfirmedUtc"/> is set.</remarks>
internal sealed class ReplySubscriber
{
    public string EmailHash { get; set; } = "";
    public string ProtectedEmail { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? ConfirmationSentUtc { get; set; }
    public DateTime? ConfirmedUtc { get; set; }
    public DateTime? UnsubscribedUtc { get; set; }

    public bool IsActive => ConfirmedUtc is not null && UnsubscribedUtc is null;
}
