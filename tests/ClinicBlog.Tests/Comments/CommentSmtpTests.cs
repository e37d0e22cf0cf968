using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Tests.Comments.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Comments;

/// <summary>Mail through a real SMTP server (python3-aiosmtpd on loopback), as a production site sends it.</summary>
public sealed class CommentSmtpTests(CommentsSiteWithSmtp site) : IClassFixture<CommentsSiteWithSmtp>
{
    [Fact]
    public async Task A_reply_confirmation_arrives_by_SMTP_with_a_working_link()
    {
        using var nora = site.NewReader();
        var before = site.Smtp.Received().Count;
        await nora.PostAsync(new CommentsDraft { Name = "Nora", Email = " Nora.SMTP@Example.com", Body = "Tell me about replies, by real mail.", NotifyReplies = true });

        Assert.Equal(1, await SendDueAsync());

        var mail = Assert.Single(site.Smtp.Received().Skip(before));
        // The address as typed, trimmed (the part before the @ may be case-sensitive on some servers).
        Assert.Equal("Nora.SMTP@Example.com", mail.To.Mailboxes.Single().Address);
        Assert.Equal("Nora.SMTP@Example.com", mail.Headers["X-RcptTo"]); // The envelope recipient the server was given.
        Assert.Equal("blog@clinic.example", mail.From.Mailboxes.Single().Address);
        Assert.Equal("Please confirm: replies to your comment", mail.Subject);
        var link = CommentNotificationTests.Link(mail.TextBody, "/comments/confirm?token=");
        Assert.StartsWith("https://blog.clinic.example/comments/confirm?token=", link); // The configured site address.
        Assert.Contains("Thank you: your address is confirmed", await nora.GetAsync(new Uri(link).PathAndQuery));

        Assert.False(Directory.Exists(site.MailFolder) && Directory.EnumerateFiles(site.MailFolder).Any(), "with SMTP configured, no .eml file is written");
        Assert.Equal(0, await SendDueAsync()); // Sent once only.
    }

    [Fact]
    public async Task Mail_that_cannot_be_sent_waits_and_goes_out_when_the_server_is_back()
    {
        const string Omar = "omar.retry@example.com";
        using var omar = site.NewReader();
        var before = site.Smtp.Received().Count;
        site.Smtp.Stop();
        try
        {
            await omar.PostAsync(new CommentsDraft { Name = "Omar", Email = Omar, Body = "The mail server is down.", NotifyReplies = true });
            Assert.Equal(0, await SendDueAsync());
        }
        finally
        {
            site.Smtp.Start();
        }

        var waiting = await site.InScopeAsync(sp => sp.GetRequiredService<ClinicBlogDbContext>().OutboxMails.AsNoTracking().SingleAsync(m => m.SentUtc == null));
        Assert.Equal(1, waiting.Attempts);
        Assert.NotNull(waiting.LastError);
        Assert.Equal(0, await SendDueAsync()); // Not before its back-off is over.

        site.Clock.AdvanceSeconds(31);
        Assert.Equal(1, await SendDueAsync());
        var mail = Assert.Single(site.Smtp.Received().Skip(before));
        Assert.Equal(Omar, mail.To.Mailboxes.Single().Address);
    }

    private Task<int> SendDueAsync() => site.Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);
}
