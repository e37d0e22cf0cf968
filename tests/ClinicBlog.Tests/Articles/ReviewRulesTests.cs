using ClinicBlog.Articles;
using ClinicBlog.Authors;
using ClinicBlog.Authors.Admin;

namespace ClinicBlog.Tests.Articles;

/// <summary>The review rules as plain checks: who may do what to an article in each status, the schedule time, the diff.</summary>
public sealed class ReviewRulesTests
{
    private static readonly Actor Guest = Actor.With("guest-1", Permissions.EditOwnArticles, Permissions.SubmitArticles, Permissions.EditOwnBio);
    private static readonly Actor OtherGuest = Actor.With("guest-2", Permissions.EditOwnArticles, Permissions.SubmitArticles, Permissions.EditOwnBio);
    private static readonly Actor Editor = Actor.With("editor-1", Permissions.EditAllArticles, Permissions.PublishArticles,
        Permissions.EditOwnArticles, Permissions.SubmitArticles, Permissions.ManageAuthors, Permissions.EditOwnBio);
    private static readonly TimeZoneInfo Denver = TimeZoneInfo.FindSystemTimeZoneById("America/Denver");

    private static GuestArticle Own(ArticleStatus status, bool published = false, bool pendingDraft = false)
    {
        var latest = new ArticleVersion { Title = "Shin splints", Slug = "shin-splints", Markdown = pendingDraft ? "Newer words." : "Words." };
        return new GuestArticle
        {
            ContentItemId = "a1",
            AuthorBioId = "bio-1",
            Author = new AuthorBio { ContentItemId = "bio-1", DisplayName = "Gina", UserId = "guest-1" },
            Status = status,
            Latest = latest,
            Published = published ? new ArticleVersion { Title = "Shin splints", Slug = "shin-splints", Markdown = "Words." } : null,
            PublishedUtc = published ? new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) : null,
            ScheduledUtc = status == ArticleStatus.Scheduled ? new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) : null,
        };
    }

    private static WorkflowOutcome Outcome(Actor actor, GuestArticle article, ArticleAction action) =>
        PublishingWorkflow.Check(actor, article, action)?.Outcome ?? WorkflowOutcome.Done;

    [Theory]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.Edit), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.Submit), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.Withdraw), nameof(WorkflowOutcome.Conflict))]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.Publish), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.Schedule), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.RequestChanges), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.Delete), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.View), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.Edit), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.Submit), nameof(WorkflowOutcome.Conflict))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.Withdraw), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.Publish), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.RequestChanges), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.ChangesRequested), nameof(ArticleAction.Edit), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.ChangesRequested), nameof(ArticleAction.Submit), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.ChangesRequested), nameof(ArticleAction.Publish), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.View), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.Edit), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.Submit), nameof(WorkflowOutcome.Conflict))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.Delete), nameof(WorkflowOutcome.Forbidden))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.CancelSchedule), nameof(WorkflowOutcome.Forbidden))]
    public void A_guest_author_on_their_own_article(string status, string action, string expected) =>
        Assert.Equal(Enum.Parse<WorkflowOutcome>(expected), Outcome(Guest, Own(Enum.Parse<ArticleStatus>(status)), Enum.Parse<ArticleAction>(action)));

    [Theory]
    [InlineData(nameof(ArticleAction.View))]
    [InlineData(nameof(ArticleAction.Edit))]
    [InlineData(nameof(ArticleAction.Submit))]
    [InlineData(nameof(ArticleAction.Withdraw))]
    [InlineData(nameof(ArticleAction.Publish))]
    [InlineData(nameof(ArticleAction.Schedule))]
    [InlineData(nameof(ArticleAction.Delete))]
    public void A_guest_author_can_do_nothing_to_another_authors_article(string action)
    {
        foreach (var status in Enum.GetValues<ArticleStatus>())
            Assert.Equal(WorkflowOutcome.Forbidden, Outcome(OtherGuest, Own(status), Enum.Parse<ArticleAction>(action)));
    }

    [Theory]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.Edit), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.RequestChanges), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.Publish), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.Schedule), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.PendingReview), nameof(ArticleAction.Withdraw), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.RequestChanges), nameof(WorkflowOutcome.Conflict))]
    [InlineData(nameof(ArticleStatus.ChangesRequested), nameof(ArticleAction.RequestChanges), nameof(WorkflowOutcome.Conflict))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.Edit), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.CancelSchedule), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.Schedule), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.Scheduled), nameof(ArticleAction.Publish), nameof(WorkflowOutcome.Done))]
    [InlineData(nameof(ArticleStatus.Draft), nameof(ArticleAction.CancelSchedule), nameof(WorkflowOutcome.Conflict))]
    public void An_editor_reviews(string status, string action, string expected) =>
        Assert.Equal(Enum.Parse<WorkflowOutcome>(expected), Outcome(Editor, Own(Enum.Parse<ArticleStatus>(status)), Enum.Parse<ArticleAction>(action)));

    [Fact]
    public void A_published_article_without_newer_words_cannot_be_scheduled_but_its_pending_edit_can()
    {
        Assert.Equal(WorkflowOutcome.Conflict, Outcome(Editor, Own(ArticleStatus.Published, published: true), ArticleAction.Schedule));
        Assert.Equal(WorkflowOutcome.Done, Outcome(Editor, Own(ArticleStatus.PendingReview, published: true, pendingDraft: true), ArticleAction.Schedule));
        Assert.Equal("Published, edit scheduled", PublishingWorkflow.Label(Own(ArticleStatus.Scheduled, published: true, pendingDraft: true)));
        Assert.Equal("Changes requested", PublishingWorkflow.Label(Own(ArticleStatus.ChangesRequested)));
    }

    [Fact]
    public void A_withdrawn_or_reviewed_guest_may_edit_their_published_article_again_but_never_delete_it() =>
        Assert.Equal((WorkflowOutcome.Done, WorkflowOutcome.Forbidden),
            (Outcome(Guest, Own(ArticleStatus.Published, published: true), ArticleAction.Edit), Outcome(Guest, Own(ArticleStatus.Published, published: true), ArticleAction.Delete)));

    [Theory]
    [InlineData("2025-07-01T09:30", "2025-07-01T15:30:00Z")] // Summer: UTC−6.
    [InlineData("2025-12-01 09:30", "2025-12-01T16:30:00Z")] // Winter, typed with a space: UTC−7.
    [InlineData("2025-11-02T01:30", "2025-11-02T08:30:00Z")] // Clocks go back: the hour that happens twice is read as standard time.
    public void A_schedule_time_is_read_in_the_sites_zone_and_stored_in_utc(string typed, string expectedUtc)
    {
        var now = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var error = PublishingWorkflow.ParseScheduleTime(typed, Denver, now, out var utc);

        Assert.Null(error);
        Assert.Equal(DateTime.Parse(expectedUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal), utc);
    }

    [Theory]
    [InlineData("", "Please choose the date and time")]
    [InlineData("next tuesday", "for example 2025-04-08 09:30")]
    [InlineData("2025-03-09T02:30", "does not exist in America/Denver")]
    [InlineData("2025-06-01T05:59", "That time has passed: it is now 2025-06-01 06:00 in America/Denver")]
    [InlineData("2025-06-01T06:00", "That time has passed")]
    public void A_schedule_time_that_cannot_be_used_is_refused_in_plain_words(string typed, string expected)
    {
        var now = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc); // 06:00 in Denver.

        var error = PublishingWorkflow.ParseScheduleTime(typed, Denver, now, out _);

        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void The_line_diff_marks_added_and_removed_lines_and_folds_long_unchanged_runs()
    {
        var before = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var after = before.Replace("line 10", "line ten", StringComparison.Ordinal) + "\nline 21";

        var lines = ArticleHistory.LineDiff(before, after);

        Assert.Equal(["line 10"], lines.Where(l => l.Kind == DiffLineKind.Removed).Select(l => l.Text));
        Assert.Equal(["line ten", "line 21"], lines.Where(l => l.Kind == DiffLineKind.Added).Select(l => l.Text));
        // Lines 1–6 fold into one marker; 7–9 and 11–13 stay around the change; 14–17 fold; 18–20 stay before the addition.
        var folds = lines.Where(l => l.Kind == DiffLineKind.Skipped).Select(l => l.Skipped).ToList();
        Assert.Equal([6, 4], folds);
        Assert.Equal(10, lines.Single(l => l.Kind == DiffLineKind.Removed).OldNumber);
        Assert.Equal(21, lines.Last().NewNumber);
    }

    [Fact]
    public void The_field_changes_name_only_the_fields_that_differ()
    {
        var a = new ArticleVersion { Title = "A", Slug = "a", Tags = "Foot Pain|IASTM", Markdown = "x" };
        var b = new ArticleVersion { Title = "B", Slug = "a", Tags = "Foot Pain", Markdown = "y" };

        var changes = ArticleHistory.FieldChanges(a, b);

        Assert.Equal([new FieldChange("Title", "A", "B"), new FieldChange("Tags", "Foot Pain, IASTM", "Foot Pain")], changes);
    }

    [Fact]
    public void A_guest_author_edits_their_own_bio_only_and_never_links_or_deletes_it()
    {
        var own = new AuthorBio { ContentItemId = "bio-1", UserId = "guest-1" };
        var other = new AuthorBio { ContentItemId = "bio-2", UserId = "guest-2" };
        var unlinked = new AuthorBio { ContentItemId = "bio-3" };

        Assert.Null(AuthorBioEditor.Check(Guest, own, AuthorAction.Edit));
        Assert.Equal(WorkflowOutcome.Forbidden, AuthorBioEditor.Check(Guest, other, AuthorAction.Edit)?.Outcome);
        Assert.Equal(WorkflowOutcome.Forbidden, AuthorBioEditor.Check(Guest, unlinked, AuthorAction.Edit)?.Outcome);
        Assert.Equal(WorkflowOutcome.Forbidden, AuthorBioEditor.Check(Guest, own, AuthorAction.Link)?.Outcome);
        Assert.Equal(WorkflowOutcome.Forbidden, AuthorBioEditor.Check(Guest, own, AuthorAction.Delete)?.Outcome);
        Assert.Equal(WorkflowOutcome.Forbidden, AuthorBioEditor.Check(Actor.With("guest-1", Permissions.EditOwnArticles), own, AuthorAction.Edit)?.Outcome);
        Assert.Null(AuthorBioEditor.Check(Editor, other, AuthorAction.Delete));
    }
}
