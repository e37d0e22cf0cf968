using ClinicBlog.Articles;
using ClinicBlog.Authors;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Articles;

/// <summary>The publishing rules without HTTP: one database set up from the recipe; each test writes its own articles.</summary>
public sealed class PublishingWorkflowTests(PublishingWorkflowTests.Database fixture) : IClassFixture<PublishingWorkflowTests.Database>
{
    public sealed class Database : IAsyncLifetime
    {
        internal ModuleDatabase Module { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Module = await ModuleDatabase.CreateAsync();
            await Module.ApplyValidAsync(await File.ReadAllTextAsync(TestPaths.SetupRecipe));
        }

        public async Task DisposeAsync() => await Module.DisposeAsync();
    }

    private static readonly Actor Editor = Actor.With("editor-1", Permissions.EditAllArticles, Permissions.PublishArticles,
        Permissions.EditOwnArticles, Permissions.SubmitArticles);

    private static Actor Guest(string userId) => Actor.With(userId, Permissions.EditOwnArticles, Permissions.SubmitArticles, Permissions.EditOwnBio);

    private static ArticleForm Form(string title, string? slug = null, string markdown = "Body.", string author = RecipeText.ReginaDurbin) =>
        new() { Title = title, Slug = slug, Markdown = markdown, Summary = title + " in short.", Tags = "Foot Pain, IASTM", AuthorBioId = author };

    private async Task<T> With<T>(Func<PublishingWorkflow, Task<T>> action)
    {
        await using var scope = fixture.Module.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PublishingWorkflow>());
    }

    private async Task<T> Readers<T>(Func<ArticleQueries, Task<T>> query)
    {
        await using var scope = fixture.Module.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ArticleQueries>());
    }

    private async Task<string> CreateAsync(Actor actor, ArticleForm form)
    {
        var result = await With(w => w.CreateDraftAsync(actor, form, default));
        Assert.True(result.Succeeded, $"{result.Outcome}: {result.Error} {string.Join("; ", result.FieldErrors.Values)}");
        return result.Item!.ContentItemId;
    }

    private async Task<string> PublishedAsync(string title, string? slug = null)
    {
        var id = await CreateAsync(Editor, Form(title, slug));
        Assert.True((await With(w => w.PublishAsync(Editor, id, default))).Succeeded);
        return id;
    }

    private Task<ArticleLookup> LookUpAsync(string slug) => Readers(q => q.BySlugAsync(slug, "noopener", default));

    private Task<GuestArticle> StoredAsync(string id) =>
        fixture.Module.QueryAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.ContentItemId == id));

    [Fact]
    public async Task A_new_draft_gets_an_id_and_a_slug_from_its_title_and_is_never_public()
    {
        var id = await CreateAsync(Editor, Form("Plantar fasciitis: first steps"));

        Assert.Matches("^[0-9a-z]{26}$", id);
        var stored = await StoredAsync(id);
        Assert.Equal("plantar-fasciitis-first-steps", stored.Latest.Slug);
        Assert.Equal("Foot Pain|IASTM", stored.Latest.Tags);
        Assert.Equal(ArticleStatus.Draft, stored.Status);
        Assert.Null(stored.Published);
        Assert.Equal("editor-1", stored.OwnerUserId);
        Assert.IsType<ArticleLookup.Missing>(await LookUpAsync("plantar-fasciitis-first-steps"));
        var home = await Readers(q => q.HomePageAsync(1, default));
        Assert.DoesNotContain(home.Items, a => a.Title.Contains("Plantar", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publishing_copies_the_newest_words_to_readers_and_dates_the_article_once()
    {
        var id = await CreateAsync(Editor, Form("Heel pain at dawn"));

        var result = await With(w => w.PublishAsync(Editor, id, default));

        Assert.True(result.Succeeded);
        var stored = await StoredAsync(id);
        Assert.Equal(ArticleStatus.Published, stored.Status);
        Assert.Equal("Heel pain at dawn", stored.Published!.Title);
        Assert.NotNull(stored.PublishedUtc);
        var found = Assert.IsType<ArticleLookup.Found>(await LookUpAsync("heel-pain-at-dawn"));
        Assert.Equal("Regina Durbin, PT", found.Article.Author.Byline);

        var form = Form("Heel pain at dawn, revised");
        form.Slug = "heel-pain-at-dawn";
        Assert.True((await With(w => w.SaveAsync(Editor, id, form, default))).Succeeded);
        Assert.True((await With(w => w.PublishAsync(Editor, id, default))).Succeeded);
        Assert.Equal(stored.PublishedUtc, (await StoredAsync(id)).PublishedUtc);
    }

    [Fact]
    public async Task An_edit_of_a_published_article_is_not_public_until_it_is_published()
    {
        var id = await PublishedAsync("Calf stretches");

        var saved = await With(w => w.SaveAsync(Editor, id, Form("Calf stretches", "calf-stretches", "Unreviewed new advice."), default));

        Assert.True(saved.Succeeded);
        var stored = await StoredAsync(id);
        Assert.Equal("Unreviewed new advice.", stored.Latest.Markdown);
        Assert.Equal("Body.", stored.Published!.Markdown);
        Assert.Equal("Published, draft pending", PublishingWorkflow.Label(stored));
        var before = Assert.IsType<ArticleLookup.Found>(await LookUpAsync("calf-stretches"));
        Assert.DoesNotContain("Unreviewed", before.Article.BodyHtml);

        Assert.True((await With(w => w.PublishAsync(Editor, id, default))).Succeeded);
        var after = Assert.IsType<ArticleLookup.Found>(await LookUpAsync("calf-stretches"));
        Assert.Contains("Unreviewed new advice.", after.Article.BodyHtml);
        Assert.Equal("Published", PublishingWorkflow.Label(await StoredAsync(id)));
    }

    [Fact]
    public async Task A_changed_slug_leaves_a_redirect_from_the_old_address_once_published()
    {
        var id = await PublishedAsync("Ankle sprains");

        await With(w => w.SaveAsync(Editor, id, Form("Ankle sprains", "ankle-sprain-recovery"), default));
        Assert.IsType<ArticleLookup.Found>(await LookUpAsync("ankle-sprains"));
        Assert.IsType<ArticleLookup.Missing>(await LookUpAsync("ankle-sprain-recovery"));

        Assert.True((await With(w => w.PublishAsync(Editor, id, default))).Succeeded);
        Assert.Equal("ankle-sprain-recovery", Assert.IsType<ArticleLookup.Moved>(await LookUpAsync("ankle-sprains")).Slug);
        Assert.IsType<ArticleLookup.Found>(await LookUpAsync("ankle-sprain-recovery"));

        // Back to the first address: it leads straight to the article again, and the second one redirects.
        await With(w => w.SaveAsync(Editor, id, Form("Ankle sprains", "ankle-sprains"), default));
        await With(w => w.PublishAsync(Editor, id, default));
        Assert.IsType<ArticleLookup.Found>(await LookUpAsync("ankle-sprains"));
        Assert.Equal("ankle-sprains", Assert.IsType<ArticleLookup.Moved>(await LookUpAsync("ankle-sprain-recovery")).Slug);
    }

    [Fact]
    public async Task Slugs_are_unique_among_other_articles_published_and_newest_addresses()
    {
        await PublishedAsync("Knee taping");
        var draft = await CreateAsync(Editor, Form("Knee taping draft", "knee-taping-draft-only"));

        var published = await With(w => w.CreateDraftAsync(Editor, Form("Another", "knee-taping"), default));
        var latest = await With(w => w.CreateDraftAsync(Editor, Form("Another", "knee-taping-draft-only"), default));
        var generated = await CreateAsync(Editor, Form("Knee taping"));
        var itsOwn = await With(w => w.SaveAsync(Editor, draft, Form("Knee taping draft, longer", "knee-taping-draft-only"), default));

        Assert.Equal(WorkflowOutcome.Invalid, published.Outcome);
        Assert.Equal("The address “knee-taping” is already used by “Knee taping”. Please choose another.", published.FieldErrors[nameof(ArticleForm.Slug)]);
        Assert.Equal(WorkflowOutcome.Invalid, latest.Outcome);
        Assert.Equal("knee-taping-2", (await StoredAsync(generated)).Latest.Slug);
        Assert.True(itsOwn.Succeeded);
    }

    [Fact]
    public async Task An_invalid_form_is_refused_field_by_field_in_plain_words()
    {
        var result = await With(w => w.CreateDraftAsync(Editor, new ArticleForm
        {
            Title = " ",
            Slug = "Not A Slug!",
            ImageUrl = "javascript:alert(1)",
            AuthorBioId = "4authornobody000000000000a",
        }, default));

        Assert.Equal(WorkflowOutcome.Invalid, result.Outcome);
        Assert.Equal("Please give the article a title.", result.FieldErrors[nameof(ArticleForm.Title)]);
        Assert.Contains("“not-a-slug”", result.FieldErrors[nameof(ArticleForm.Slug)]);
        Assert.StartsWith("The image address must be a full web address", result.FieldErrors[nameof(ArticleForm.ImageUrl)]);
        Assert.Equal("Please describe the image for readers who cannot see it.", result.FieldErrors[nameof(ArticleForm.ImageAlt)]);
        Assert.Equal("That author no longer exists; please choose another.", result.FieldErrors[nameof(ArticleForm.AuthorBioId)]);
    }

    [Fact]
    public async Task Unpublishing_takes_the_article_away_from_readers_and_keeps_the_newest_words()
    {
        var id = await PublishedAsync("Shin splints");
        await With(w => w.SaveAsync(Editor, id, Form("Shin splints", "shin-splints", "Newer words."), default));

        var result = await With(w => w.UnpublishAsync(Editor, id, default));

        Assert.True(result.Succeeded);
        var stored = await StoredAsync(id);
        Assert.Null(stored.Published);
        Assert.Equal(ArticleStatus.Draft, stored.Status);
        Assert.Equal("Newer words.", stored.Latest.Markdown);
        Assert.IsType<ArticleLookup.Missing>(await LookUpAsync("shin-splints"));
        Assert.Equal(WorkflowOutcome.Conflict, (await With(w => w.UnpublishAsync(Editor, id, default))).Outcome);
    }

    [Fact]
    public async Task Submitting_moves_a_draft_to_review_once()
    {
        var id = await CreateAsync(Editor, Form("Hip bursitis"));

        Assert.True((await With(w => w.SubmitAsync(Editor, id, default))).Succeeded);
        Assert.Equal(ArticleStatus.PendingReview, (await StoredAsync(id)).Status);
        var again = await With(w => w.SubmitAsync(Editor, id, default));
        Assert.Equal(WorkflowOutcome.Conflict, again.Outcome);
        Assert.Equal("This article is already waiting for review.", again.Error);
        Assert.IsType<ArticleLookup.Missing>(await LookUpAsync("hip-bursitis"));
    }

    [Fact]
    public async Task Someone_who_edits_only_their_own_articles_never_publishes_and_never_touches_others()
    {
        var bio = await LinkedBioAsync("guest-own");
        var theirs = await CreateAsync(Guest("guest-own"), Form("My guest draft", author: bio));
        var others = await CreateAsync(Editor, Form("An editor's draft"));

        Assert.True((await With(w => w.OpenAsync(Guest("guest-own"), theirs, default))).Succeeded);
        Assert.True((await With(w => w.SaveAsync(Guest("guest-own"), theirs, Form("My guest draft v2", author: bio), default))).Succeeded);
        Assert.True((await With(w => w.SubmitAsync(Guest("guest-own"), theirs, default))).Succeeded);
        var publish = await With(w => w.PublishAsync(Guest("guest-own"), theirs, default));
        Assert.Equal(WorkflowOutcome.Forbidden, publish.Outcome);
        Assert.Equal("Your role cannot publish articles; submit it for review instead.", publish.Error);
        Assert.Null((await StoredAsync(theirs)).Published);

        Assert.Equal(WorkflowOutcome.Forbidden, (await With(w => w.OpenAsync(Guest("guest-own"), others, default))).Outcome);
        Assert.Equal(WorkflowOutcome.Forbidden, (await With(w => w.SaveAsync(Guest("guest-own"), others, Form("Hijacked"), default))).Outcome);
        Assert.Equal(WorkflowOutcome.Forbidden, (await With(w => w.DeleteAsync(Guest("guest-own"), others, default))).Outcome);
        Assert.Equal("An editor's draft", (await StoredAsync(others)).Latest.Title);
    }

    [Fact]
    public async Task An_article_under_a_bio_linked_to_the_account_is_theirs_even_when_an_editor_created_it()
    {
        var bio = await LinkedBioAsync("guest-linked");
        var id = await CreateAsync(Editor, Form("Written for the guest", author: bio));

        Assert.True((await With(w => w.OpenAsync(Guest("guest-linked"), id, default))).Succeeded);
        Assert.Equal(WorkflowOutcome.Forbidden, (await With(w => w.OpenAsync(Guest("guest-stranger"), id, default))).Outcome);
    }

    [Fact]
    public async Task Someone_who_edits_only_their_own_articles_writes_only_as_their_own_bio()
    {
        var result = await With(w => w.CreateDraftAsync(Guest("guest-no-bio"), Form("Posing as Regina"), default));

        Assert.Equal(WorkflowOutcome.Invalid, result.Outcome);
        Assert.StartsWith("You can write only as your own author bio.", result.FieldErrors[nameof(ArticleForm.AuthorBioId)]);
    }

    [Fact]
    public async Task Without_an_article_permission_nothing_can_be_created()
    {
        var result = await With(w => w.CreateDraftAsync(Actor.With("moderator-1", Permissions.ModerateComments), Form("Nope"), default));

        Assert.Equal(WorkflowOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task Own_drafts_that_were_never_published_may_be_deleted_by_their_author_but_published_ones_only_by_an_editor()
    {
        var bio = await LinkedBioAsync("guest-deleter");
        var draft = await CreateAsync(Guest("guest-deleter"), Form("Draft to delete", author: bio));
        var published = await CreateAsync(Guest("guest-deleter"), Form("Published by an editor", author: bio));
        Assert.True((await With(w => w.PublishAsync(Editor, published, default))).Succeeded);
        Assert.True((await With(w => w.UnpublishAsync(Editor, published, default))).Succeeded);

        Assert.True((await With(w => w.DeleteAsync(Guest("guest-deleter"), draft, default))).Succeeded);
        Assert.Equal(WorkflowOutcome.Forbidden, (await With(w => w.DeleteAsync(Guest("guest-deleter"), published, default))).Outcome);
        Assert.True((await With(w => w.DeleteAsync(Editor, published, default))).Succeeded);
        Assert.Equal(0, await fixture.Module.QueryAsync(db => db.Articles.CountAsync(a => a.ContentItemId == draft || a.ContentItemId == published)));
    }

    [Fact]
    public async Task Deleting_a_published_article_removes_its_old_addresses_too()
    {
        var id = await PublishedAsync("Wrist pain");
        await With(w => w.SaveAsync(Editor, id, Form("Wrist pain", "wrist-pain-guide"), default));
        await With(w => w.PublishAsync(Editor, id, default));

        Assert.True((await With(w => w.DeleteAsync(Editor, id, default))).Succeeded);

        Assert.IsType<ArticleLookup.Missing>(await LookUpAsync("wrist-pain"));
        Assert.IsType<ArticleLookup.Missing>(await LookUpAsync("wrist-pain-guide"));
        Assert.Equal(0, await fixture.Module.QueryAsync(db => db.ArticleSlugRedirects.CountAsync(r => r.ContentItemId == id)));
    }

    [Fact]
    public async Task Every_transition_is_in_the_audit_trail_with_what_changed()
    {
        var id = await CreateAsync(Editor, Form("Audit me"));
        await With(w => w.SaveAsync(Editor, id, Form("Audit me, renamed", "audit-me-renamed"), default));
        await With(w => w.SubmitAsync(Editor, id, default));
        await With(w => w.PublishAsync(Editor, id, default));
        await With(w => w.UnpublishAsync(Editor, id, default));
        await With(w => w.DeleteAsync(Editor, id, default));

        var entries = await fixture.Module.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.ItemId == id).OrderBy(e => e.Id).ToListAsync());

        Assert.Equal(["article.create", "article.save", "article.submit", "article.publish", "article.unpublish", "article.delete"],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("article", e.ItemType));
        var save = entries[1];
        Assert.Equal("Title: Audit me\nSlug: audit-me", save.PreviousValue);
        Assert.Equal("Title: Audit me, renamed\nSlug: audit-me-renamed", save.NewValue);
        Assert.Equal("Status: Pending review", entries[3].PreviousValue!.Split('\n').Last());
        Assert.Contains("Status: Published", entries[3].NewValue);
        Assert.Equal("Published “Audit me, renamed”", entries[3].Summary);
    }

    [Fact]
    public async Task Saving_unchanged_words_writes_nothing()
    {
        var id = await CreateAsync(Editor, Form("Nothing changes"));
        var stored = await StoredAsync(id);

        Assert.True((await With(w => w.SaveAsync(Editor, id, Form("Nothing changes", "nothing-changes"), default))).Succeeded);

        Assert.Equal(stored.ModifiedUtc, (await StoredAsync(id)).ModifiedUtc);
        Assert.Equal(1, await fixture.Module.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ItemId == id)));
    }

    /// <summary>A new bio linked to the account, as an editor would link it.</summary>
    private Task<string> LinkedBioAsync(string userId) => fixture.Module.QueryAsync(async db =>
    {
        var existing = await db.Authors.Where(a => a.UserId == userId).Select(a => a.ContentItemId).FirstOrDefaultAsync();
        if (existing is not null) return existing;
        var bio = new AuthorBio { ContentItemId = IdGenerator.New(), DisplayName = "Guest " + userId, Slug = userId, UserId = userId };
        db.Authors.Add(bio);
        await db.SaveChangesAsync();
        return bio.ContentItemId;
    });
}
