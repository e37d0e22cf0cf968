using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Comments;

/// <summary>The emails comments cause: confirm a reply subscription, tell an author about an approved comment, tell a commenter about a reply.</summary>
/// <remarks>Everything is queued in the caller's unit of work and sent after it is saved; nothing here sends directly.</remarks>
internal sealed class CommentNotifications(
    ClinicBlogDbContext db, MailOutbox outbox, EmailProtector emails, CommentLinks links, TimeProvider clock)
{
    /// <summary>Double opt-in: the first time an address asks for replies, it gets one email with a confirmation link.</summary>
    public async Task SubscribeAsync(string email, string emailHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var subscriber = await db.ReplySubscribers.FindAsync([emailHash], ct);
        if (subscriber is { IsActive: true }) return;
        if (subscriber is null)
        {
            subscriber = new ReplySubscriber { EmailHash = emailHash, CreatedUtc = now };
            db.ReplySubscribers.Add(subscriber);
        }
        else if (subscriber.ConfirmationSentUtc is { } sent && now - sent < TimeSpan.FromHours(1) && subscriber.UnsubscribedUtc is null)
        {
            return; // One confirmation an hour is enough; more would let anyone flood an address.
        }

        subscriber.ProtectedEmail = emails.Protect(email);
        subscriber.ConfirmedUtc = null;
        subscriber.UnsubscribedUtc = null;
        subscriber.ConfirmationSentUtc = now;
        outbox.Enqueue(new MailMessage(email, "Please confirm: replies to your comment",
            $"""
            You asked to be told by email when someone replies to your comment.

            Please confirm this address by opening the link below (it works for 7 days):
            {links.Confirm(emailHash)}

            If you did not ask for this, ignore this email: nothing more will be sent.
            """));
    }

    /// <summary>An approved comment: the article's author hears of it, and so does the commenter it replies to, if they subscribed.</summary>
    public async Task CommentApprovedAsync(Comment comment, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.ContentItemId == comment.ArticleId)
            .Select(a => new { Title = a.Published != null ? a.Published.Title : a.Latest.Title, Slug = a.Published != null ? a.Published.Slug : a.Latest.Slug, a.Author!.ProtectedNotificationEmail, a.Author.UserId })
            .FirstOrDefaultAsync(ct);
        if (article is null) return;

        var authorEmail = article.ProtectedNotificationEmail is { } p ? emails.Unprotect(p)
            : article.UserId is { } userId ? await db.Users.Where(u => u.Id == userId && !u.IsDisabled).Select(u => u.Email).FirstOrDefaultAsync(ct)
            : null;
        if (!string.IsNullOrEmpty(authorEmail))
        {
            outbox.Enqueue(new MailMessage(authorEmail, $"New comment on \"{article.Title}\"",
                $"""
                {comment.AuthorName} commented on your article "{article.Title}":

                {comment.Body}

                Read it on the site: {links.Article(article.Slug, comment.Id)}
                """));
        }

        if (comment.ParentId is not { } parentId) return;
        var parent = await db.Comments.AsNoTracking().Where(c => c.Id == parentId)
            .Select(c => new { c.EmailHash, c.NotifyReplies, c.AuthorName }).FirstOrDefaultAsync(ct);
        if (parent is null || !parent.NotifyReplies || parent.EmailHash == comment.EmailHash) return;
        var subscriber = await db.ReplySubscribers.AsNoTracking().FirstOrDefaultAsync(s => s.EmailHash == parent.EmailHash, ct);
        if (subscriber is not { IsActive: true }) return;

        var unsubscribe = links.Unsubscribe(subscriber.EmailHash);
        outbox.Enqueue(new MailMessage(emails.Unprotect(subscriber.ProtectedEmail), $"{comment.AuthorName} replied to your comment",
            $"""
            Hello {parent.AuthorName},

            {comment.AuthorName} replied to your comment on "{article.Title}":

            {comment.Body}

            Read the conversation: {links.Article(article.Slug, comment.Id)}

            Stop these emails with one click: {unsubscribe}
            """,
            new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<{unsubscribe}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            }));
    }
}
