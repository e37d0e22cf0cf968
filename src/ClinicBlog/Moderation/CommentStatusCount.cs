using ClinicBlog.Comments;

namespace ClinicBlog.Moderation;

/// <summary>How many comments have a status: the queue's tab counts, read in one small query.</summary>
/// <remarks>
/// Counting 200,000 comments by status took the queue page 12 ms of every request; these rows are kept by triggers on
/// the Comments table instead (their SQL is in the migrations that made them, <c>CommentCountsAndEmailIndex</c>), so every write path, bulk statements and
/// cascades included, keeps them right in the same transaction, on every node.
/// </remarks>
internal sealed class CommentStatusCount
{
    public CommentStatus Status { get; set; }
    public int Count { get; set; }
}
