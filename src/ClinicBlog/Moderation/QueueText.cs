using System.Globalization;
using ClinicBlog.Comments;

namespace ClinicBlog.Moderation;

/// <summary>The queue's tabs as they appear in addresses (<c>?status=spam</c>) and on screen.</summary>
internal static class QueueTabs
{
    public static readonly CommentStatus[] All = [CommentStatus.Pending, CommentStatus.Approved, CommentStatus.Spam, CommentStatus.Trash];

    public static string Slug(CommentStatus status) => status.ToString().ToLowerInvariant();

    public static string Title(CommentStatus status) => ModerationQueue.Label(status);

    public static CommentStatus? Parse(string? slug) =>
        All.Cast<CommentStatus?>().FirstOrDefault(s => string.Equals(Slug(s!.Value), slug?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The buttons a tab offers, in order: only what makes sense for comments in that status.</summary>
    public static IReadOnlyList<QueueAction> Actions(CommentStatus status) => status switch
    {
        CommentStatus.Pending => [QueueAction.Approve, QueueAction.Spam, QueueAction.Trash],
        CommentStatus.Approved => [QueueAction.Unapprove, QueueAction.Spam, QueueAction.Trash],
        CommentStatus.Spam => [QueueAction.Restore, QueueAction.Trash, QueueAction.Delete],
        CommentStatus.Trash => [QueueAction.Restore, QueueAction.Spam, QueueAction.Delete],
        _ => [],
    };

    public static bool CanEmpty(CommentStatus status) => status is CommentStatus.Spam or CommentStatus.Trash;

    /// <summary>What a tab says when it has nothing to show.</summary>
    public static string Empty(CommentStatus status, bool searching) => searching
        ? "No comments here match your search."
        : status switch
        {
            CommentStatus.Pending => "No comments are waiting for moderation.",
            CommentStatus.Approved => "No approved comments yet.",
            CommentStatus.Spam => "The spam is empty.",
            _ => "The trash is empty.",
        };
}

/// <summary>The words of the queue's buttons and of what it says after an action.</summary>
internal static class QueueMessages
{
    /// <summary>The form value of an action's button ("approve").</summary>
    public static string Value(QueueAction action) => action.ToString().ToLowerInvariant();

    public static QueueAction? ParseAction(string? value) =>
        Enum.GetValues<QueueAction>().Cast<QueueAction?>().FirstOrDefault(a => string.Equals(Value(a!.Value), value?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Button(QueueAction action, CommentStatus tab) => action switch
    {
        QueueAction.Approve => "Approve",
        QueueAction.Unapprove => "Unapprove",
        QueueAction.Spam => "Spam",
        QueueAction.Trash => "Trash",
        QueueAction.Restore => tab == CommentStatus.Spam ? "Not spam" : "Restore",
        QueueAction.Delete => "Delete permanently",
        _ => action.ToString(),
    };

    /// <summary>After an action: "Approved 3 comments." <paramref name="changed"/> may exceed the selection when replies were deleted with it.</summary>
    public static string Done(QueueAction action, int selected, int changed)
    {
        if (changed == 0)
        {
            return action switch
            {
                QueueAction.Unapprove => "Nothing changed: only approved comments can be unapproved.",
                QueueAction.Restore => "Nothing changed: only comments in Spam or Trash can be restored.",
                QueueAction.Delete => "Nothing was deleted: those comments are already gone.",
                _ => $"Nothing changed: {(selected == 1 ? "that comment was" : "those comments were")} already {State(action)}.",
            };
        }

        var count = Comments(Math.Min(changed, selected));
        return action switch
        {
            QueueAction.Approve => $"Approved {count}.",
            QueueAction.Unapprove => $"Unapproved {count}: back in Pending.",
            QueueAction.Spam => $"Marked {count} as spam.",
            QueueAction.Trash => $"Moved {count} to the trash.",
            QueueAction.Restore => $"Restored {count} to Pending.",
            QueueAction.Delete => changed > selected
                ? $"Deleted {Comments(selected)} permanently, with {Replies(changed - selected)} to {(selected == 1 ? "it" : "them")}."
                : $"Deleted {count} permanently.",
            _ => $"Done: {count}.",
        };
    }

    public static string Emptied(CommentStatus status, int deleted) => deleted == 0
        ? $"The {(status == CommentStatus.Spam ? "spam" : "trash")} was already empty."
        : $"Emptied the {(status == CommentStatus.Spam ? "spam" : "trash")}: deleted {Comments(deleted)} permanently.";

    public static string Comments(int n) => n == 1 ? "1 comment" : string.Create(CultureInfo.InvariantCulture, $"{n:N0} comments");

    public static string Replies(int n) => n == 1 ? "1 reply" : string.Create(CultureInfo.InvariantCulture, $"{n:N0} replies");

    private static string State(QueueAction action) => action switch
    {
        QueueAction.Approve => "approved",
        QueueAction.Spam => "marked as spam",
        QueueAction.Trash => "in the trash",
        _ => "so",
    };
}
