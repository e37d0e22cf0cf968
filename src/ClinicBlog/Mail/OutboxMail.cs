namespace ClinicBlog.Mail;

/// <summary>A message waiting to be sent. Stored first, so a mail failure never loses what caused it; retried with back-off.</summary>
/// <remarks>The recipient and the content are encrypted at rest: they may hold email addresses.</remarks>
internal sealed class OutboxMail
{
    public long Id { get; set; }
    public string ProtectedMessage { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public int Attempts { get; set; }
    public DateTime? LockedUntilUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    public string? LastError { get; set; }
}

/// <summary>What is sent: one recipient, plain text, and optional headers (List-Unsubscribe).</summary>
internal sealed record MailMessage(string To, string Subject, string Text, IReadOnlyDictionary<string, string>? Headers = null);
