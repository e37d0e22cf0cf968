using System.Text.Json;
using ClinicBlog.Data;
using Microsoft.AspNetCore.DataProtection;

namespace ClinicBlog.Mail;

/// <summary>Queues mail in the database; <see cref="MailDispatcher"/> sends it after the change that caused it is saved.</summary>
internal sealed class MailOutbox(ClinicBlogDbContext db, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    internal const string Purpose = "ClinicBlog.Mail.v1";
    private readonly IDataProtector protector = dataProtection.CreateProtector(Purpose);

    /// <summary>Adds the message to the caller's unit of work: it is stored with the caller's SaveChanges.</summary>
    public void Enqueue(MailMessage message)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMails.Add(new OutboxMail
        {
            ProtectedMessage = protector.Protect(JsonSerializer.Serialize(message)),
            CreatedUtc = now,
            NextAttemptUtc = now,
        });
    }

    internal static MailMessage Read(IDataProtector protector, OutboxMail mail) =>
        JsonSerializer.Deserialize<MailMessage>(protector.Unprotect(mail.ProtectedMessage))!;
}
