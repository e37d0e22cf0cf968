using System.Net;
using System.Text.Json;
using ClinicBlog.Articles;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Articles;

/// <summary>
/// Guest authors and their editors through HTTP, as browsers use the dashboard: draft, submit, request changes,
/// resubmit, schedule, publish on time with a moved clock and after a restart, revisions, autosave, the own bio, and
/// everything a guest author must not do.
/// </summary>
public sealed class GuestAuthorTests(GuestAuthorTests.Site site) : IClassFixture<GuestAuthorTests.Site>
{
    public sealed class Site : ReviewSite;

    private const string EditorForm = "form.article-form";
    private static readonly TimeZoneInfo Denver = TimeZoneInfo.FindSystemTimeZoneById("America/Denver");

    private static Dictionary<string, string> NewArticle(string bioId, string title, string markdown) => new()
    {
        ["Input.Title"] = title,
        ["Input.Slug"] = "",
        ["Input.Summary"] = title + " in two sentences.",
        ["Input.Tags"] = "Ankle",
        ["Input.AuthorBioId"] = bioId,
        ["Input.ImageUrl"] = "https://images.example/ankle.jpg",
        ["Input.ImageAlt"] = "A taped ankle",
        ["Input.CommentsOpen"] = "true",
        ["Input.Markdown"] = markdown,
    };

    private static string IdFrom(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/admin/articles/[0-9a-z]{26}$", location);
        return location["/admin/articles/".Length..];
    }

    private static void AssertDenied(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: expected the redirect to /admin/denied, got {(int)response.StatusCode}");
        Assert.StartsWith("/admin/denied", response.Headers.Location!.AbsolutePath);
    }

    private static void AssertRedirect(HttpResponseMessage response, string to)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect to {to}, got {(int)response.StatusCode}");
        Assert.Equal(to, response.Headers.Location?.OriginalString);
    }

    /// <summary>A guest author with an author bio linked to their account, as an editor sets it up.</summary>
    private async Task<(StaffSession Guest, string BioId)> GuestWithBioAsync(string userName, string displayName, string credentials)
    {
        var guest = await StaffSession.NewUserAsync(site.Factory, userName, "GuestAuthor", displayName);
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var created = await admin.PostAsync("/admin/authors/new", "/admin/authors/new", new()
        {
            ["Input.DisplayName"] = displayName,
            ["Input.Credentials"] = credentials,
            ["Input.Headline"] = "Guest writer",
            ["Input.UserId"] = guest.UserId,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return (guest, created.Headers.Location!.OriginalString["/admin/authors/".Length..]);
    }

    private async Task<string> DraftAsync(StaffSession author, string bioId, string title, string markdown = "Words.") =>
        IdFrom(await author.PostAsync("/admin/articles/new", "/admin/articles/new", NewArticle(bioId, title, markdown)));

    private async Task<HttpResponseMessage> OnEditorAsync(StaffSession who, string id, string handler, Action<Dictionary<string, string>>? change = null)
    {
        var page = await who.PageAsync($"/admin/articles/{id}");
        var fields = StaffSession.FormValues(page, EditorForm);
        change?.Invoke(fields);
        return await who.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler={handler}", fields);
    }

    private static string InDenver(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Denver).ToString("yyyy-MM-dd'T'HH:mm");

    private DateTime Now => site.Clock.GetUtcNow().UtcDateTime;

    private Task<int> PublishDueAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? host = null) =>
        (host ?? site.Factory).Services.GetRequiredService<ScheduledPublisher>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task A_new_article_can_be_submitted_for_review_at_once_without_a_first_save()
    {
        var (guest, bioId) = await GuestWithBioAsync("sami-straight", "Sami Straight", "DPT");
        using var _ = guest;
        var form = await guest.PageAsync("/admin/articles/new");
        var buttons = form.QuerySelectorAll(".form-actions button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Contains("Submit for review", buttons);
        Assert.DoesNotContain(buttons, b => b.StartsWith("Publish", StringComparison.Ordinal));

        var submitted = await guest.PostAsync("/admin/articles/new", "/admin/articles/new?handler=Submit", NewArticle(bioId, "Shin splints in runners", "Load, then *rest*."));
        var id = IdFrom(submitted);
        var article = await site.ArticleAsync(id);
        Assert.Equal(ArticleStatus.PendingReview, article.Status);
        Assert.Equal("Shin splints in runners", article.Latest.Title);
        Assert.Null(article.Published);
    }

    [Fact]
    public async Task A_guest_article_is_submitted_sent_back_resubmitted_scheduled_and_published_on_time_with_an_email_at_each_step()
    {
        var (guest, bioId) = await GuestWithBioAsync("rita-review", "Rita Review", "PT");
        using var _ = guest;
        using var editor = await StaffSession.NewUserAsync(site.Factory, "eddie-editor", "Editor", "Eddie Editor");

        // Draft and submit: the editors are told.
        var id = await DraftAsync(guest, bioId, "Ankle sprains: the first week", "Rest, then *move*.");
        AssertRedirect(await OnEditorAsync(guest, id, "Submit"), $"/admin/articles/{id}");
        Assert.Equal(ArticleStatus.PendingReview, (await site.ArticleAsync(id)).Status);
        var forReview = Assert.Single(await site.MailToAsync("eddie-editor@staff.example"));
        Assert.Equal("For review: “Ankle sprains: the first week”", forReview.Subject);
        Assert.Contains($"/admin/articles/{id}", forReview.TextBody);
        Assert.Empty(await site.MailToAsync("rita-review@staff.example"));

        // While it waits, the guest reads it but has no form to change it; it is first in the editor's queue.
        var waiting = await guest.PageAsync($"/admin/articles/{id}");
        Assert.Null(waiting.QuerySelector(EditorForm));
        Assert.NotNull(waiting.QuerySelector("form[action*=Withdraw] button"));
        var queue = await editor.PageAsync("/admin/articles/review");
        Assert.Contains("Ankle sprains: the first week", queue.QuerySelector("table.review-queue")!.TextContent);

        // Request changes: the note is shown to the author and emailed.
        var sentBack = await editor.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=RequestChanges",
            new() { ["ReviewNote"] = "Please say when to see a physiotherapist." });
        AssertRedirect(sentBack, $"/admin/articles/{id}");
        var note = Assert.Single(await site.MailToAsync("rita-review@staff.example"));
        Assert.Equal("Changes requested: “Ankle sprains: the first week”", note.Subject);
        Assert.Contains("Please say when to see a physiotherapist.", note.TextBody);
        var returned = await guest.PageAsync($"/admin/articles/{id}");
        Assert.Contains("Please say when to see a physiotherapist.", returned.QuerySelector(".review-note")!.TextContent);
        Assert.Equal("Changes requested", returned.QuerySelector(".status-pill")!.TextContent);
        var home = await guest.PageAsync("/admin");
        Assert.Contains("Ankle sprains: the first week", home.QuerySelector(".your-articles")!.TextContent);
        Assert.Contains("1 article needs your changes", home.QuerySelector(".your-articles")!.TextContent);

        // Resubmit with the change.
        AssertRedirect(await OnEditorAsync(guest, id, "Submit", f => f["Input.Markdown"] += "\n\nSee a physiotherapist if it still hurts after a week."), $"/admin/articles/{id}");
        Assert.Equal(ArticleStatus.PendingReview, (await site.ArticleAsync(id)).Status);
        Assert.Equal(2, (await site.MailToAsync("eddie-editor@staff.example")).Count);

        // A time that has passed is refused next to the field; a future one, typed in Denver time, is stored in UTC.
        var past = await OnEditorAsync(editor, id, "Schedule", f => f["ScheduleAt"] = InDenver(Now.AddHours(-1)));
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.StartsWith("That time has passed", Html.Parse(await past.Content.ReadAsStringAsync()).QuerySelector("#ScheduleAt-error")!.TextContent);
        var at = Now.AddHours(2);
        AssertRedirect(await OnEditorAsync(editor, id, "Schedule", f => f["ScheduleAt"] = InDenver(at)), $"/admin/articles/{id}");
        var scheduled = await site.ArticleAsync(id);
        Assert.Equal(ArticleStatus.Scheduled, scheduled.Status);
        Assert.Equal(new DateTime(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, DateTimeKind.Utc), scheduled.ScheduledUtc);
        var scheduledMail = (await site.MailToAsync("rita-review@staff.example")).Last();
        Assert.Equal("Scheduled: “Ankle sprains: the first week”", scheduledMail.Subject);
        Assert.Contains($"at {TimeZoneInfo.ConvertTimeFromUtc(scheduled.ScheduledUtc!.Value, Denver):HH:mm} (America/Denver)", scheduledMail.TextBody);
        Assert.Contains("Ankle sprains: the first week", (await editor.PageAsync("/admin/articles/review")).QuerySelector("table.scheduled-list")!.TextContent);

        // Not due yet: nothing is public.
        await PublishDueAsync();
        Assert.Equal(HttpStatusCode.NotFound, await site.PublicStatusAsync("/articles/ankle-sprains-the-first-week"));

        // On time: published once, with the byline, on the author page, and the author is told.
        site.Clock.Offset += TimeSpan.FromHours(3);
        await PublishDueAsync();
        await PublishDueAsync();
        var page = Html.Parse(await site.PublicPageAsync("/articles/ankle-sprains-the-first-week"));
        Assert.Contains("See a physiotherapist", page.Body!.TextContent);
        Assert.Contains("By Rita Review, PT", page.Body.TextContent);
        var authorSlug = await site.QueryAsync(db => db.Authors.Where(a => a.ContentItemId == bioId).Select(a => a.Slug).SingleAsync());
        Assert.Contains("Ankle sprains: the first week", await site.PublicPageAsync($"/authors/{authorSlug}"));
        var publishedMail = (await site.MailToAsync("rita-review@staff.example")).Last();
        Assert.Equal("Published: “Ankle sprains: the first week”", publishedMail.Subject);
        Assert.Contains("/articles/ankle-sprains-the-first-week", publishedMail.TextBody);
        Assert.Equal(1, await site.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ItemId == id && e.Action == "article.publish")));
        var notes = await site.QueryAsync(db => db.ArticleRevisions.Where(r => r.ArticleId == id).OrderBy(r => r.Number).Select(r => r.Note).ToListAsync());
        Assert.Equal("created", notes[0]);
        Assert.Equal(["submitted", "changes requested", "submitted"], notes[1..4]);
        Assert.StartsWith("scheduled for ", notes[4]);
        Assert.Equal("published as scheduled", notes[^1]);
    }

    [Fact]
    public async Task An_article_that_fell_due_while_the_site_was_down_is_published_once_by_the_restarted_nodes()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var id = await DraftAsync(admin, RecipeText.JoeFleming, $"Restart test {i}");
            AssertRedirect(await OnEditorAsync(admin, id, "Schedule", f => f["ScheduleAt"] = InDenver(Now.AddMinutes(30))), $"/admin/articles/{id}");
            ids.Add(id);
        }

        // The first host never sees the time come. Two hosts start later over the same data, as after a restart
        // onto two nodes: each publishes what is due at start, and both are asked again at once.
        var later = new MovableClock { Offset = site.Clock.Offset + TimeSpan.FromHours(1) };
        var first = site.StartHost(later);
        var second = site.StartHost(later);
        await Task.WhenAll(PublishDueAsync(first), PublishDueAsync(second), PublishDueAsync(first), PublishDueAsync(second));

        foreach (var id in ids)
        {
            var stored = await site.ArticleAsync(id);
            Assert.Equal(ArticleStatus.Published, stored.Status);
            Assert.NotNull(stored.Published);
            Assert.Equal(1, await site.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ItemId == id && e.Action == "article.publish")));
            Assert.Equal(1, await site.QueryAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id && r.Note == "published as scheduled")));
        }

        Assert.Equal(HttpStatusCode.OK, await site.PublicStatusAsync("/articles/restart-test-2"));
        Assert.Equal(0, await PublishDueAsync(site.StartHost(later)));
    }

    [Fact]
    public async Task An_invited_guest_author_accepts_sets_a_password_and_writes_as_the_bio_they_were_given()
    {
        using var editor = await StaffSession.NewUserAsync(site.Factory, "ivy-inviter", "Editor", "Ivy Inviter");
        var invite = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Nora Newcomer",
            ["Input.Email"] = "nora@guest.example",
            ["Input.BioChoice"] = "new",
            ["Input.NewBioCredentials"] = "PT, DPT",
        };

        // Invite: an account in the GuestAuthor role without a password, linked to a new bio, and an email with the link.
        var sent = await editor.PostAsync("/admin/authors/invite", "/admin/authors/invite", invite);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var bioId = sent.Headers.Location!.OriginalString["/admin/authors/".Length..];
        var (userId, hasPassword, roles) = await site.QueryAsync(async db =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "nora@guest.example");
            var names = await (from ur in db.UserRoles where ur.UserId == user.Id join r in db.Roles on ur.RoleId equals r.Id select r.Name).ToListAsync();
            return (user.Id, user.PasswordHash is not null, names);
        });
        Assert.False(hasPassword);
        Assert.Equal(["GuestAuthor"], roles);
        var bio = await site.QueryAsync(db => db.Authors.AsNoTracking().SingleAsync(a => a.ContentItemId == bioId));
        Assert.Equal(("Nora Newcomer, PT, DPT", userId), (bio.Byline, bio.UserId));
        var mail = Assert.Single(await site.MailToAsync("nora@guest.example"));
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+/admin/accept-invitation\?\S+").Value;
        Assert.NotEmpty(link);

        // The same bio cannot be given twice.
        invite["Input.Email"] = "other@guest.example";
        invite["Input.BioChoice"] = "existing";
        invite["Input.ExistingBioId"] = bioId;
        var twice = await editor.PostAsync("/admin/authors/invite", "/admin/authors/invite", invite);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Contains("already linked to an account", Html.Parse(await twice.Content.ReadAsStringAsync()).QuerySelector("#ExistingBioId-error")!.TextContent);
        Assert.False(await site.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "other@guest.example")));

        // Accept: choose a password, signed in; then her own area, her bio, her first draft as that bio.
        using var nora = site.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var path = new Uri(link).PathAndQuery;
        var form = Html.Parse(await (await nora.GetAsync(path)).Content.ReadAsStringAsync());
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var accepted = await nora.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["DisplayName"] = "Nora Newcomer",
            ["Password"] = "a long guest password 9",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal("/admin", accepted.Headers.Location?.OriginalString);
        var ownBio = Html.Parse(await nora.GetStringAsync("/admin/me/bio"));
        Assert.Equal("PT, DPT", ownBio.QuerySelector("#Input_Credentials")!.GetAttribute("value"));
        var newForm = Html.Parse(await nora.GetStringAsync("/admin/articles/new"));
        Assert.Equal([bioId], newForm.QuerySelectorAll("#Input_AuthorBioId option:not([value=''])").Select(o => o.GetAttribute("value")));
        Assert.Equal(HttpStatusCode.Redirect, (await nora.GetAsync("/admin/authors")).StatusCode);
    }

    [Fact]
    public async Task Every_save_keeps_a_revision_that_can_be_compared_and_restored()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var id = await DraftAsync(admin, RecipeText.ReginaDurbin, "Revisions test", "Line one\nLine two\nLine three");
        AssertRedirect(await OnEditorAsync(admin, id, "", f =>
        {
            f["Input.Title"] = "Revisions test, edited";
            f["Input.Slug"] = "revisions-test";
            f["Input.Markdown"] = "Line one\nLine 2\nLine three\nLine four";
        }), $"/admin/articles/{id}");
        // Publish with an edit: the save and the publication are one revision.
        AssertRedirect(await OnEditorAsync(admin, id, "Publish", f => f["Input.Summary"] = "Now with a summary."), $"/admin/articles/{id}");

        var history = await admin.PageAsync($"/admin/articles/{id}/history");
        var rows = history.QuerySelectorAll("table.revisions tbody tr").Select(r => r.QuerySelector("td[data-label=Note]")!.TextContent).ToList();
        Assert.Equal(["published", "saved", "created"], rows);
        var adminName = await site.QueryAsync(db => db.Users.Where(u => u.UserName == SetupSettings.Default.AdminUserName)
            .Select(u => u.DisplayName == "" ? u.UserName : u.DisplayName).SingleAsync());
        Assert.All(history.QuerySelectorAll("table.revisions td[data-label=By]"), by => Assert.Equal(adminName, by.TextContent));

        var diff = await admin.PageAsync($"/admin/articles/{id}/diff?from=1&to=2");
        Assert.Equal(["Line two"], diff.QuerySelectorAll(".line-diff .line-removed").Select(l => l.TextContent.Replace("−", "").Replace("Removed: ", "").Trim()));
        Assert.Equal(["Line 2", "Line four"], diff.QuerySelectorAll(".line-diff .line-added").Select(l => l.TextContent.Replace("+", "").Replace("Added: ", "").Trim()));
        var fields = diff.QuerySelectorAll("table.field-changes tbody th").Select(th => th.TextContent).ToList();
        Assert.Equal(["Title"], fields);

        var restored = await admin.PostAsync($"/admin/articles/{id}/history", $"/admin/articles/{id}/history?handler=Restore", new() { ["number"] = "1" });
        AssertRedirect(restored, $"/admin/articles/{id}");
        var stored = await site.ArticleAsync(id);
        Assert.Equal(("Revisions test", "Line one\nLine two\nLine three"), (stored.Latest.Title, stored.Latest.Markdown));
        Assert.Equal("Line one\nLine 2\nLine three\nLine four", stored.Published!.Markdown);
        Assert.Contains("Line four", await site.PublicPageAsync("/articles/revisions-test"));
        Assert.Equal("restored from revision 1", (await admin.PageAsync($"/admin/articles/{id}/history")).QuerySelector("table.revisions tbody tr td[data-label=Note]")!.TextContent);
        Assert.True(await site.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.ItemId == id && e.Action == "article.restore")));
    }

    [Fact]
    public async Task Autosave_keeps_the_draft_and_a_revision_only_when_something_changed()
    {
        var (guest, bioId) = await GuestWithBioAsync("andy-autosave", "Andy Autosave", "DPT");
        using var _ = guest;

        // A new article: nothing is stored until it has a title; then the first autosave creates the draft.
        var untitled = NewArticle(bioId, "", "Typing before a title.");
        var none = await guest.PostAsync("/admin/articles/new", "/admin/articles/new?handler=Autosave", untitled);
        Assert.False(JsonDocument.Parse(await none.Content.ReadAsStringAsync()).RootElement.GetProperty("saved").GetBoolean());
        var created = await guest.PostAsync("/admin/articles/new", "/admin/articles/new?handler=Autosave", NewArticle(bioId, "Autosaved article", "First words."));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var answer = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.True(answer.GetProperty("saved").GetBoolean());
        var id = answer.GetProperty("editUrl").GetString()!["/admin/articles/".Length..];
        Assert.Equal($"/admin/articles/{id}?handler=Autosave", answer.GetProperty("autosaveUrl").GetString());
        Assert.Equal("First words.", (await site.ArticleAsync(id)).Latest.Markdown);

        // Changed words: saved with a revision. The same words again: nothing new.
        var page = await guest.PageAsync($"/admin/articles/{id}");
        Assert.Equal($"/admin/articles/{id}?handler=Autosave", page.QuerySelector(EditorForm)!.GetAttribute("data-autosave-url"));
        var fields = StaffSession.FormValues(page, EditorForm);
        fields["Input.Markdown"] = "Second words, typed and left.";
        var saved = await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Autosave", fields);
        var savedAnswer = JsonDocument.Parse(await saved.Content.ReadAsStringAsync()).RootElement;
        Assert.True(savedAnswer.GetProperty("saved").GetBoolean());
        Assert.StartsWith("Draft saved automatically at ", savedAnswer.GetProperty("message").GetString());
        var again = await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Autosave", fields);
        Assert.False(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("saved").GetBoolean());
        Assert.Equal("Second words, typed and left.", (await site.ArticleAsync(id)).Latest.Markdown);
        Assert.Equal(["created", "autosaved"], await site.QueryAsync(db => db.ArticleRevisions.Where(r => r.ArticleId == id).OrderBy(r => r.Number).Select(r => r.Note).ToListAsync()));
        // The revision says who and when; the audit trail is not buried under autosaves.
        Assert.False(await site.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.ItemId == id && e.Action == "article.save")));

        // Waiting for review: an autosave from a tab left open is refused and changes nothing.
        AssertRedirect(await OnEditorAsync(guest, id, "Submit"), $"/admin/articles/{id}");
        fields["Input.Markdown"] = "Words after submitting.";
        var refused = await guest.PostAsync($"/admin/articles/{id}/history", $"/admin/articles/{id}?handler=Autosave", fields);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Second words, typed and left.", (await site.ArticleAsync(id)).Latest.Markdown);
    }

    [Fact]
    public async Task A_guest_author_cannot_read_change_submit_or_publish_another_authors_article()
    {
        var (owner, ownerBio) = await GuestWithBioAsync("olga-owner", "Olga Owner", "PT");
        using var _ = owner;
        var (intruder, _) = await GuestWithBioAsync("ivan-intruder", "Ivan Intruder", "PT");
        using var __ = intruder;
        var id = await DraftAsync(owner, ownerBio, "Olga's private draft");
        var fields = StaffSession.FormValues(await owner.PageAsync($"/admin/articles/{id}"), EditorForm);
        fields["Input.Title"] = "Hijacked";
        fields["ScheduleAt"] = InDenver(Now.AddDays(1));
        fields["ReviewNote"] = "Hijacked";
        fields["number"] = "1";

        AssertDenied(await intruder.Client.GetAsync($"/admin/articles/{id}"), "read");
        AssertDenied(await intruder.Client.GetAsync($"/admin/articles/{id}/history"), "history");
        AssertDenied(await intruder.Client.GetAsync($"/admin/articles/{id}/diff?from=1&to=1"), "diff");
        foreach (var handler in new[] { "", "Submit", "Publish", "Schedule", "RequestChanges", "Withdraw", "Unpublish" })
            AssertDenied(await intruder.PostAsync("/admin/articles/new", $"/admin/articles/{id}?handler={handler}", fields), $"POST {handler}");
        AssertDenied(await intruder.PostAsync("/admin/articles/new", $"/admin/articles/{id}/history?handler=Restore", fields), "restore");
        AssertDenied(await intruder.PostAsync("/admin/articles/new", $"/admin/articles/{id}/delete", fields), "delete");
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.PostAsync("/admin/articles/new", $"/admin/articles/{id}?handler=Autosave", fields)).StatusCode);
        Assert.DoesNotContain("Olga's private draft", (await intruder.PageAsync("/admin/articles")).Body!.TextContent);
        Assert.DoesNotContain("Olga's private draft", (await intruder.PageAsync("/admin")).Body!.TextContent);

        var stored = await site.ArticleAsync(id);
        Assert.Equal(("Olga's private draft", ArticleStatus.Draft), (stored.Latest.Title, stored.Status));
    }

    [Fact]
    public async Task A_guest_author_cannot_publish_or_schedule_their_own_article_nor_change_it_while_it_waits_for_review()
    {
        var (guest, bioId) = await GuestWithBioAsync("paula-pending", "Paula Pending", "OT");
        using var _ = guest;
        var id = await DraftAsync(guest, bioId, "Paula's article");

        AssertDenied(await OnEditorAsync(guest, id, "Publish"), "publish own");
        AssertDenied(await OnEditorAsync(guest, id, "Schedule", f => f["ScheduleAt"] = InDenver(Now.AddDays(1))), "schedule own");
        var edit = await guest.PageAsync($"/admin/articles/{id}");
        Assert.Null(edit.QuerySelector("#ScheduleAt"));
        Assert.Null(edit.QuerySelector("#ReviewNote"));

        var fields = StaffSession.FormValues(edit, EditorForm);
        AssertRedirect(await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Submit", fields), $"/admin/articles/{id}");
        fields["Input.Markdown"] = "Changed while waiting.";
        AssertDenied(await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}", fields), "save while pending");
        AssertDenied(await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Submit", fields), "resubmit while pending");
        AssertDenied(await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=RequestChanges", new() { ["ReviewNote"] = "Self-review" }), "request changes");
        AssertDenied(await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}/history?handler=Restore", new() { ["number"] = "1" }), "restore while pending");
        Assert.Equal("Words.", (await site.ArticleAsync(id)).Latest.Markdown);
        Assert.Null((await site.ArticleAsync(id)).Published);

        // Withdrawn, it is hers to edit again.
        AssertRedirect(await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Withdraw", []), $"/admin/articles/{id}");
        AssertRedirect(await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}", fields), $"/admin/articles/{id}");
        Assert.Equal((ArticleStatus.Draft, "Changed while waiting."), ((await site.ArticleAsync(id)).Status, (await site.ArticleAsync(id)).Latest.Markdown));
    }

    [Fact]
    public async Task A_guest_author_sees_only_their_own_area_of_the_dashboard()
    {
        var (guest, _) = await GuestWithBioAsync("gus-guest", "Gus Guest", "PT");
        using var __ = guest;
        using var admin = await StaffSession.AdminAsync(site.Factory);

        var nav = (await guest.PageAsync("/admin")).QuerySelectorAll("nav.admin-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/admin", "/admin/articles", "/admin/me/bio"], nav);

        // Moderation, users, settings and the rest: denied wherever the page exists (an administrator can open it).
        string[] others = ["/admin/comments", "/admin/users", "/admin/settings", "/admin/roles", "/admin/audit", "/admin/authors", "/admin/authors/new", "/admin/articles/review"];
        var checkedPages = 0;
        foreach (var path in others)
        {
            if ((await admin.Client.GetAsync(path)).StatusCode != HttpStatusCode.OK) continue;
            AssertDenied(await guest.Client.GetAsync(path), path);
            checkedPages++;
        }

        Assert.True(checkedPages >= 4, $"only {checkedPages} of the pages exist");
        AssertDenied(await guest.Client.GetAsync($"/admin/authors/{RecipeText.ReginaDurbin}"), "another bio");
    }

    [Fact]
    public async Task A_guest_author_edits_their_own_bio_but_not_its_address_and_readers_see_it()
    {
        var (guest, bioId) = await GuestWithBioAsync("bea-bio", "Bea Bio", "PT");
        using var _ = guest;
        var slug = await site.QueryAsync(db => db.Authors.Where(a => a.ContentItemId == bioId).Select(a => a.Slug).SingleAsync());

        var form = await guest.PageAsync("/admin/me/bio");
        Assert.Equal("Bea Bio", form.QuerySelector("#Input_DisplayName")!.GetAttribute("value"));
        Assert.Null(form.QuerySelector("#Input_Slug"));
        Assert.Null(form.QuerySelector("#Input_UserId"));
        var saved = await guest.PostAsync("/admin/me/bio", "/admin/me/bio", new()
        {
            ["Input.DisplayName"] = "Bea Bio",
            ["Input.Credentials"] = "PT, DPT",
            ["Input.Headline"] = "Runner and physiotherapist",
            ["Input.BioMarkdown"] = "I treat **runners**.",
            ["Input.WebsiteUrl"] = "https://bea.example",
            ["Input.PhotoUrl"] = "https://bea.example/me.jpg",
            // Not on the form, and ignored if posted anyway.
            ["Input.Slug"] = "someone-else",
            ["Input.UserId"] = "",
        });

        AssertRedirect(saved, "/admin/me/bio");
        var bio = await site.QueryAsync(db => db.Authors.AsNoTracking().SingleAsync(a => a.ContentItemId == bioId));
        Assert.Equal((slug, guest.UserId, "PT, DPT", "Runner and physiotherapist"), (bio.Slug, bio.UserId, bio.Credentials, bio.Headline));
        var authorPage = await site.PublicPageAsync($"/authors/{slug}");
        Assert.Contains("Runner and physiotherapist", authorPage);
        Assert.Contains("<strong>runners</strong>", authorPage);
        var invalid = await guest.PostAsync("/admin/me/bio", "/admin/me/bio", new() { ["Input.DisplayName"] = "", ["Input.WebsiteUrl"] = "bea.example" });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var errors = Html.Parse(await invalid.Content.ReadAsStringAsync());
        Assert.Equal("Please give the author's name.", errors.QuerySelector("#DisplayName-error")!.TextContent);
        Assert.NotNull(errors.QuerySelector("#WebsiteUrl-error"));

        using var noBio = await StaffSession.NewUserAsync(site.Factory, "nobio-guest", "GuestAuthor");
        Assert.Contains("No author bio is linked to your account", (await noBio.PageAsync("/admin/me/bio")).Body!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await noBio.PostAsync("/admin/me/bio", "/admin/me/bio", new() { ["Input.DisplayName"] = "Me" })).StatusCode);
    }

    [Fact]
    public async Task Links_in_a_published_guest_article_get_the_rel_chosen_in_the_settings()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        await site.QueryAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.CommentPolicy.GuestLinkRel, "nofollow sponsored")));
        // Written behind the site's back, as the settings page would not: tell the site, as the settings page does.
        await site.Factory.Services.GetRequiredService<ClinicBlog.Caching.PageCache>().InvalidateAsync(ClinicBlog.Caching.PageTags.Site);
        try
        {
            var id = await DraftAsync(admin, RecipeText.ReginaDurbin, "Links with rel", "Read [the study](https://journal.example/study).");
            AssertRedirect(await OnEditorAsync(admin, id, "Publish"), $"/admin/articles/{id}");

            var page = Html.Parse(await site.PublicPageAsync("/articles/links-with-rel"));

            var link = page.QuerySelector("a[href='https://journal.example/study']")!;
            Assert.Equal("nofollow sponsored", link.GetAttribute("rel"));
        }
        finally
        {
            await site.QueryAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.CommentPolicy.GuestLinkRel, "noopener")));
            await site.Factory.Services.GetRequiredService<ClinicBlog.Caching.PageCache>().InvalidateAsync(ClinicBlog.Caching.PageTags.Site);
        }
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_rejected_on_every_review_form()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var id = await DraftAsync(admin, RecipeText.ReginaDurbin, "Token test for review");
        string[] actions =
        [
            $"/admin/articles/{id}?handler=Autosave", "/admin/articles/new?handler=Autosave", $"/admin/articles/{id}?handler=Schedule",
            $"/admin/articles/{id}?handler=CancelSchedule", $"/admin/articles/{id}?handler=RequestChanges", $"/admin/articles/{id}?handler=Withdraw",
            $"/admin/articles/{id}/history?handler=Restore", "/admin/me/bio", "/admin/me/bio?handler=Preview", "/admin/me/bio?handler=Render",
        ];

        foreach (var action in actions)
        {
            var response = await admin.PostWithoutTokenAsync(action, new() { ["Input.Title"] = "Forged", ["ReviewNote"] = "Forged", ["number"] = "1" });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {action} without a token: {(int)response.StatusCode}");
        }
    }
}
