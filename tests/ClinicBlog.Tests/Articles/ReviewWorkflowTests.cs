using ClinicBlog.Articles;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Articles;

/// <summary>The review transitions, revisions and the scheduled publication through the rule class and a database, without HTTP.</summary>
public sealed class ReviewWorkflowTests(ReviewWorkflowTests.Database fixture) : IClassFixture<ReviewWorkflowTests.Database>
{
    public sealed class Database : IAsyncLifetime
    {
        internal ModuleDatabase Module { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Module = await ModuleDatabase.CreateAsync();
            await Module.ApplyValidAsync(await File.ReadAllTextAsync(TestPaths.SetupRecipe));
            // Regina's bio is linked to the guest below: her articles are the guest's own.
            await Module.QueryAsync(db => db.Authors.Where(a => a.ContentItemId == RecipeText.ReginaDurbin)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.UserId, "guest-1")));
        }

        public async Task DisposeAsync() => await Module.DisposeAsync();
    }

    private static readonly Actor Editor = Actor.With("editor-1", Permissions.EditAllArticles, Permissions.PublishArticles,
        Permissions.EditOwnArticles, Permissions.SubmitArticles) with { Name = "Eve Editor" };

    private static readonly Actor Guest = Actor.With("guest-1", Permissions.EditOwnArticles, Permissions.SubmitArticles, Permissions.EditOwnBio) with { Name = "Regina Durbin" };

    private static ArticleForm Form(string title, string markdown = "Body.") =>
        new() { Title = title, Markdown = markdown, Summary = title + " in short.", AuthorBioId = RecipeText.ReginaDurbin };

    private async Task<T> With<T>(Func<PublishingWorkflow, Task<T>> action)
    {
        await using var scope = fixture.Module.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PublishingWorkflow>());
    }

    private async Task<string> DraftAsync(string title, string markdown = "Body.")
    {
        var created = await With(w => w.CreateDraftAsync(Guest, Form(title, markdown), default));
        Assert.True(created.Succeeded, created.Error);
        return created.Item!.ContentItemId;
    }

    private Task<GuestArticle> StoredAsync(string id) =>
        fixture.Module.QueryAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.ContentItemId == id));

    private Task<List<(int Number, string Note, string UserName)>> RevisionsAsync(string id) =>
        fixture.Module.QueryAsync(async db => (await db.ArticleRevisions.Where(r => r.ArticleId == id).OrderBy(r => r.Number)
            .Select(r => new { r.Number, r.Note, r.UserName }).ToListAsync()).Select(r => (r.Number, r.Note, r.UserName)).ToList());

    private Task<int> AuditCountAsync(string id, string action) =>
        fixture.Module.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ItemId == id && e.Action == action));

    private static string InDenver(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("America/Denver")).ToString("yyyy-MM-dd'T'HH:mm");

    [Fact]
    public async Task Save_then_submit_in_one_unit_of_work_keeps_one_revision_named_submitted()
    {
        var id = await DraftAsync("Knee taping basics");

        await With(async w =>
        {
            Assert.True((await w.SaveAsync(Guest, id, Form("Knee taping basics", "Tape from below the knee."), default)).Succeeded);
            return await w.SubmitAsync(Guest, id, default);
        });

        Assert.Equal([(1, "created", "Regina Durbin"), (2, "submitted", "Regina Durbin")], await RevisionsAsync(id));
        var stored = await StoredAsync(id);
        Assert.Equal(ArticleStatus.PendingReview, stored.Status);
        Assert.NotNull(stored.SubmittedUtc);
    }

    [Fact]
    public async Task Changes_requested_go_back_to_the_author_who_edits_and_resubmits()
    {
        var id = await DraftAsync("Plantar fascia stretches");
        await With(w => w.SubmitAsync(Guest, id, default));

        var empty = await With(w => w.RequestChangesAsync(Editor, id, "   ", default));
        Assert.Equal(WorkflowOutcome.Invalid, empty.Outcome);
        Assert.Equal("Please tell the author what to change.", empty.FieldErrors[PublishingWorkflow.NoteField]);
        Assert.Equal(WorkflowOutcome.Forbidden, (await With(w => w.RequestChangesAsync(Guest, id, "Self-review", default))).Outcome);

        Assert.True((await With(w => w.RequestChangesAsync(Editor, id, "Please add how long to hold each stretch.", default))).Succeeded);
        var returned = await StoredAsync(id);
        Assert.Equal((ArticleStatus.ChangesRequested, "Please add how long to hold each stretch."), (returned.Status, returned.ReviewNote));

        Assert.True((await With(w => w.SaveAsync(Guest, id, Form("Plantar fascia stretches", "Hold each for 30 seconds."), default))).Succeeded);
        Assert.True((await With(w => w.SubmitAsync(Guest, id, default))).Succeeded);
        Assert.Equal(ArticleStatus.PendingReview, (await StoredAsync(id)).Status);
        Assert.Equal(["created", "submitted", "changes requested", "saved", "submitted"], (await RevisionsAsync(id)).Select(r => r.Note));
        Assert.Equal(1, await AuditCountAsync(id, "article.request-changes"));
    }

    [Fact]
    public async Task A_withdrawn_submission_is_a_draft_again_that_the_author_may_edit()
    {
        var id = await DraftAsync("Hip flexor tightness");
        await With(w => w.SubmitAsync(Guest, id, default));
        Assert.Equal(WorkflowOutcome.Forbidden, (await With(w => w.SaveAsync(Guest, id, Form("Hip flexor tightness", "Sneaky edit."), default))).Outcome);

        Assert.True((await With(w => w.WithdrawAsync(Guest, id, default))).Succeeded);

        Assert.Equal(ArticleStatus.Draft, (await StoredAsync(id)).Status);
        Assert.True((await With(w => w.SaveAsync(Guest, id, Form("Hip flexor tightness", "An honest edit."), default))).Succeeded);
        Assert.Equal(1, await AuditCountAsync(id, "article.withdraw"));
    }

    [Fact]
    public async Task A_schedule_in_the_past_is_refused_and_a_future_one_is_stored_in_utc()
    {
        var id = await DraftAsync("Tennis elbow at the desk");
        await With(w => w.SubmitAsync(Guest, id, default));
        var now = DateTime.UtcNow;

        var past = await With(w => w.ScheduleAsync(Editor, id, InDenver(now.AddHours(-1)), default));
        Assert.Equal(WorkflowOutcome.Invalid, past.Outcome);
        Assert.StartsWith("That time has passed", past.FieldErrors[PublishingWorkflow.ScheduleField]);
        Assert.Equal(WorkflowOutcome.Forbidden, (await With(w => w.ScheduleAsync(Guest, id, InDenver(now.AddDays(1)), default))).Outcome);

        var future = now.AddDays(2);
        Assert.True((await With(w => w.ScheduleAsync(Editor, id, InDenver(future), default))).Succeeded);

        var stored = await StoredAsync(id);
        Assert.Equal(ArticleStatus.Scheduled, stored.Status);
        Assert.Equal(new DateTime(future.Year, future.Month, future.Day, future.Hour, future.Minute, 0, DateTimeKind.Utc), stored.ScheduledUtc);
        Assert.Null(stored.Published);

        Assert.True((await With(w => w.CancelScheduleAsync(Editor, id, default))).Succeeded);
        var cancelled = await StoredAsync(id);
        Assert.Equal((ArticleStatus.PendingReview, (DateTime?)null), (cancelled.Status, cancelled.ScheduledUtc));
    }

    [Fact]
    public async Task A_due_article_is_published_by_exactly_one_of_many_concurrent_claims()
    {
        var id = await DraftAsync("Shoulder blade squeezes");
        await With(w => w.SubmitAsync(Guest, id, default));
        var at = DateTime.UtcNow.AddMinutes(5);
        Assert.True((await With(w => w.ScheduleAsync(Editor, id, InDenver(at), default))).Succeeded);
        var due = (await StoredAsync(id)).ScheduledUtc!.Value;

        Assert.False(await With(w => w.PublishDueAsync(id, due.AddSeconds(-1), default)));
        Assert.Null((await StoredAsync(id)).Published);

        // Eight "nodes" at once, each with its own unit of work.
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => With(w => w.PublishDueAsync(id, due.AddMinutes(1), default)))));

        Assert.Equal(1, claims.Count(c => c));
        var stored = await StoredAsync(id);
        Assert.Equal((ArticleStatus.Published, (DateTime?)null), (stored.Status, stored.ScheduledUtc));
        Assert.Equal("Shoulder blade squeezes", stored.Published!.Title);
        Assert.Equal(1, await AuditCountAsync(id, "article.publish"));
        Assert.Equal(1, (await RevisionsAsync(id)).Count(r => r.Note == "published as scheduled" && r.UserName == "Scheduled publication"));
        Assert.False(await With(w => w.PublishDueAsync(id, due.AddHours(1), default)));
    }

    [Fact]
    public async Task Restoring_a_revision_makes_its_words_the_newest_as_a_new_revision_and_leaves_readers_alone()
    {
        var id = await DraftAsync("Wrist pain from phones", "First words.");
        await With(w => w.SaveAsync(Editor, id, Form("Wrist pain from phones", "Second words."), default));
        await With(w => w.PublishAsync(Editor, id, default));
        await With(w => w.SaveAsync(Editor, id, Form("Wrist pain from phones", "Third words."), default));

        var restored = await With(w => w.RestoreAsync(Editor, id, 1, default));

        Assert.True(restored.Succeeded, restored.Error);
        var stored = await StoredAsync(id);
        Assert.Equal("First words.", stored.Latest.Markdown);
        Assert.Equal("Second words.", stored.Published!.Markdown);
        Assert.Equal(["created", "saved", "published", "saved", "restored from revision 1"], (await RevisionsAsync(id)).Select(r => r.Note));
        Assert.Equal(1, await AuditCountAsync(id, "article.restore"));
        Assert.Equal(WorkflowOutcome.Conflict, (await With(w => w.RestoreAsync(Editor, id, 5, default))).Outcome);
        Assert.Equal(WorkflowOutcome.NotFound, (await With(w => w.RestoreAsync(Editor, id, 99, default))).Outcome);
    }

    [Fact]
    public async Task An_imported_article_keeps_its_recipe_words_as_revision_one_before_its_first_change()
    {
        var recipe = await StoredAsync(RecipeText.IastmHealing);
        var form = ArticleForm.From(recipe);
        form.Markdown += "\n\nA sentence added in the dashboard.";

        Assert.True((await With(w => w.SaveAsync(Editor, RecipeText.IastmHealing, form, default))).Succeeded);

        var revisions = await RevisionsAsync(RecipeText.IastmHealing);
        Assert.Equal([(1, "as imported", ""), (2, "saved", "Eve Editor")], revisions);
        var first = await fixture.Module.QueryAsync(db => db.ArticleRevisions.AsNoTracking().SingleAsync(r => r.ArticleId == RecipeText.IastmHealing && r.Number == 1));
        Assert.Equal(recipe.Latest.Markdown, first.Words.Markdown);
    }
}
