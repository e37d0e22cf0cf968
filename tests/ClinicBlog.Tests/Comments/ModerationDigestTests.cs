using System.Text.RegularExpressions;
using ClinicBlog.Comments;
using ClinicBlog.Tests.Comments.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicBlog.Tests.Comments;

/// <summary>Moderators hear that comments wait: one digest per moderator per 5 minutes, and addresses only for those allowed.</summary>
public sealed partial class ModerationDigestTests(CommentsSiteFactory site) : IClassFixture<CommentsSiteFactory>
{
    private const string ModeratorEmail = "mo.derator@example.org";

    [Fact]
    public async Task Thirty_held_comments_make_one_digest_per_moderator_with_addresses_only_for_those_allowed()
    {
        await CreateModeratorAsync();
        for (var i = 1; i <= 30; i++)
        {
            using var reader = site.NewReader();
            await reader.PostAsync(new CommentsDraft { Name = $"Digest Reader {i:00}", Email = $"digest.reader.{i:00}@example.com", Body = $"Held comment number {i:00}." });
        }

        Assert.Empty(await site.SendMailAsync()); // Held comments alone send nothing until the digest runs.
        var digest = site.Services.GetRequiredService<ModerationDigest>();

        Assert.Equal(2, await digest.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await digest.RunOnceAsync(CancellationToken.None));

        var mails = await site.SendMailAsync();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Equal("Comments are waiting for moderation", m.Subject));
        var admin = Assert.Single(mails, m => Recipient(m) == CommentsSiteFactory.AdminEmail);
        var moderator = Assert.Single(mails, m => Recipient(m) == ModeratorEmail);

        foreach (var text in new[] { admin.TextBody, moderator.TextBody })
        {
            Assert.StartsWith("More than 20 comments are waiting for moderation.", text);
            Assert.Contains("- Digest Reader 01", text);
            Assert.Contains("(held: every comment is reviewed)", text);
            Assert.Contains("Held comment number 01.", text);
            Assert.Contains("http://localhost/admin/comments", text);
        }

        // The administrator's roles have ViewCommenterEmail; the Moderator role of the recipe does not.
        Assert.Contains("Digest Reader 01 <digest.reader.01@example.com>", admin.TextBody);
        Assert.Empty(EmailPattern().Matches(moderator.TextBody!));
        Assert.DoesNotContain("digest.reader", moderator.TextBody);

        // A comment held a minute later waits for the next digest: at most one every 5 minutes.
        var sent = site.Clock.GetUtcNow();
        using (var late = site.NewReader())
            await late.PostAsync(new CommentsDraft { Name = "Late Reader", Email = "late.reader@example.com", Body = "Held after the digest." });
        site.Clock.Advance(sent.AddMinutes(1) - site.Clock.GetUtcNow());
        Assert.Equal(0, await digest.RunOnceAsync(CancellationToken.None));
        site.Clock.Advance(TimeSpan.FromMinutes(3.9));
        Assert.Equal(0, await digest.RunOnceAsync(CancellationToken.None));
        Assert.Empty(await site.SendMailAsync());

        site.Clock.Advance(TimeSpan.FromSeconds(6)); // 5 minutes after the first digest.
        Assert.Equal(2, await digest.RunOnceAsync(CancellationToken.None));
        var next = await site.SendMailAsync();
        Assert.Equal(2, next.Count);
        Assert.All(next, m => Assert.StartsWith("1 comment(s) are waiting for moderation.", m.TextBody));
        Assert.All(next, m => Assert.Contains("Late Reader", m.TextBody));
        Assert.All(next, m => Assert.DoesNotContain("Digest Reader 01", m.TextBody));
    }

    private async Task CreateModeratorAsync()
    {
        await site.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ClinicBlogUser>>();
            var moderator = new ClinicBlogUser { UserName = "mo", Email = ModeratorEmail, DisplayName = "Mo Derator", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(moderator, "moderator-pass-42")).Succeeded);
            Assert.True((await users.AddToRoleAsync(moderator, ClinicBlog.Permissions.Roles.Moderator)).Succeeded);
            var disabled = new ClinicBlogUser { UserName = "gone", Email = "gone.moderator@example.org", DisplayName = "Gone", IsDisabled = true };
            Assert.True((await users.CreateAsync(disabled, "disabled-pass-42")).Succeeded);
            Assert.True((await users.AddToRoleAsync(disabled, ClinicBlog.Permissions.Roles.Moderator)).Succeeded);
        });
    }

    private static string Recipient(MimeMessage m) => m.To.Mailboxes.Single().Address;

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex EmailPattern();
}
