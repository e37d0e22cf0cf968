using System.Net;
using System.Text.Json;
using ClinicBlog.Comments;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static ClinicBlog.Tests.Moderation.QueueKit;

namespace ClinicBlog.Tests.Moderation;

/// <summary>The queue's actions through its pages, as a moderator clears a morning's queue. Each test works on its own comments.</summary>
public sealed class QueueActionTests(QueueActionTests.Site site) : IClassFixture<QueueActionTests.Site>
{
    public sealed class Site : SetUpSite;

    private const string Slug = "iastm";

    private static NewComment Pending(string marker, int i, DateTime? at = null) =>
        new(Slug, $"Reader {i}", $"reader{i}.{marker}@example.com", $"{marker} comment number {i}", CommentStatus.Pending, at);

    [Fact]
    public async Task A_rows_article_link_narrows_the_queue_to_that_article_and_all_articles_brings_the_rest_back()
    {
        var marker = Marker();
        const string Massage = "massage-therapy-for-your-foot-pain-and-injuries";
        var ids = await SeedAsync(site,
            new NewComment(Massage, "Ann Filter", $"ann.{marker}@example.com", $"{marker} on massage"),
            new NewComment("iastm-and-foot-pain", "Bo Filter", $"bo.{marker}@example.com", $"{marker} on IASTM"));
        var admin = await AdminAsync(site);

        var queue = Html.Parse(await GetAsync(admin, $"/admin/comments?q={marker}"));
        var link = queue.QuerySelector($"tr#comment-{ids[0]} a.queue-article-filter")!;
        Assert.Contains("Only this article", link.TextContent);

        var narrowed = Html.Parse(await GetAsync(admin, link.GetAttribute("href")!));
        Assert.Equal([ids[0]], RowIds(narrowed.DocumentElement.OuterHtml));
        var note = narrowed.QuerySelector(".filter-note")!;
        Assert.Contains("Only comments on “Massage Therapy", note.TextContent);
        // The search form keeps the article while the text changes.
        Assert.NotNull(narrowed.QuerySelector("form.filters input[type=hidden][name=article]"));

        var all = Html.Parse(await GetAsync(admin, note.QuerySelector("a")!.GetAttribute("href")!));
        Assert.Equal(ids.OrderDescending(), RowIds(all.DocumentElement.OuterHtml).OrderDescending());
        Assert.Null(all.QuerySelector(".filter-note"));
    }

    [Fact]
    public async Task Bulk_approve_of_a_page_approves_that_page_and_leaves_the_rest_waiting()
    {
        var marker = Marker();
        var start = DateTime.UtcNow.AddDays(-3);
        var ids = await SeedAsync(site, Enumerable.Range(1, 55).Select(i => Pending(marker, i, start.AddMinutes(i))).ToArray());
        var admin = await AdminAsync(site);
        var pageUrl = $"/admin/comments?status=pending&q={marker}";

        var page = await GetAsync(admin, pageUrl);
        var shown = RowIds(page);
        Assert.Equal(50, shown.Length);
        Assert.Equal(ids.Reverse().Take(50), shown); // newest first
        var before = await CountsAsync(site);

        var response = await ActAsync(admin, "approve", shown, returnUrl: pageUrl);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(pageUrl, response.Headers.Location?.OriginalString);
        Assert.Equal("Approved 50 comments.", await FlashAfterAsync(admin, response));
        var after = await CountsAsync(site);
        Assert.Equal(before[CommentStatus.Pending] - 50, after[CommentStatus.Pending]);
        Assert.Equal(before.GetValueOrDefault(CommentStatus.Approved) + 50, after[CommentStatus.Approved]);
        var statuses = await site.Factory.QueryAsync(db => db.Comments.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Status));
        Assert.All(shown, id => Assert.Equal(CommentStatus.Approved, statuses[id]));
        Assert.Equal(5, statuses.Values.Count(s => s == CommentStatus.Pending));
        Assert.Equal(ids.Take(5).Reverse(), RowIds(await GetAsync(admin, pageUrl)));

        // One audit entry per comment, by the admin, with the status before and after.
        var entries = await site.Factory.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "comment.approve").ToListAsync());
        var forThese = entries.Where(e => shown.Select(i => i.ToString()).Contains(e.ItemId)).ToList();
        Assert.Equal(50, forThese.Count);
        Assert.All(forThese, e =>
        {
            Assert.Equal("comment", e.ItemType);
            Assert.Equal(site.Setup.AdminUserName, e.UserName);
            Assert.Equal("Pending", e.PreviousValue);
            Assert.Equal("Approved", e.NewValue);
        });
    }

    [Fact]
    public async Task Without_javascript_select_all_checks_every_box_on_the_page()
    {
        var marker = Marker();
        await SeedAsync(site, Enumerable.Range(1, 3).Select(i => Pending(marker, i)).ToArray());
        var admin = await AdminAsync(site);

        var plain = Html.Parse(await GetAsync(admin, $"/admin/comments?q={marker}"));
        var link = plain.QuerySelector("a[data-select-all-link]")!.GetAttribute("href")!;
        var all = Html.Parse(await GetAsync(admin, link));

        Assert.All(plain.QuerySelectorAll("input[name=Ids][form=bulk]"), b => Assert.False(b.HasAttribute("checked")));
        var boxes = all.QuerySelectorAll("input[name=Ids][form=bulk]");
        Assert.Equal(3, boxes.Length);
        Assert.All(boxes, b => Assert.True(b.HasAttribute("checked")));
        // The bulk form is a real form the boxes belong to, with its own token.
        var bulk = all.QuerySelector("form#bulk")!;
        Assert.Equal("post", bulk.GetAttribute("method"));
        Assert.NotNull(bulk.QuerySelector($"input[name={TokenField}]"));
    }

    [Fact]
    public async Task Tab_counts_and_the_navigation_count_match_the_database()
    {
        var marker = Marker();
        await SeedAsync(site,
            Pending(marker, 1),
            Pending(marker, 2) with { Status = CommentStatus.Spam },
            Pending(marker, 3) with { Status = CommentStatus.Trash },
            Pending(marker, 4) with { Status = CommentStatus.Approved });
        var admin = await AdminAsync(site);

        var counts = await CountsAsync(site);
        var page = Html.Parse(await GetAsync(admin, "/admin/comments?status=approved"));

        foreach (var (status, slug) in new[] { (CommentStatus.Pending, "pending"), (CommentStatus.Approved, "approved"), (CommentStatus.Spam, "spam"), (CommentStatus.Trash, "trash") })
            Assert.Equal(counts.GetValueOrDefault(status).ToString(), page.QuerySelector($".tabs [data-count={slug}]")!.TextContent.Trim());
        Assert.Equal(counts[CommentStatus.Pending].ToString(), page.QuerySelector("[data-pending-count]")!.TextContent.Trim());
        Assert.Equal("page", page.QuerySelector(".tabs a[href^='/admin/comments?status=approved']")!.GetAttribute("aria-current"));
    }

    [Fact]
    public async Task With_javascript_an_action_answers_json_with_counts_changed_ids_and_message()
    {
        var marker = Marker();
        var ids = await SeedAsync(site, Pending(marker, 1), Pending(marker, 2));
        var admin = await AdminAsync(site);

        var response = await ActAsync(admin, "spam", ids, json: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(ids, root.GetProperty("changed").EnumerateArray().Select(e => e.GetInt64()).Order());
        Assert.Equal("Marked 2 comments as spam.", root.GetProperty("message").GetString());
        var counts = await CountsAsync(site);
        foreach (var (status, name) in new[] { (CommentStatus.Pending, "pending"), (CommentStatus.Approved, "approved"), (CommentStatus.Spam, "spam"), (CommentStatus.Trash, "trash") })
            Assert.Equal(counts.GetValueOrDefault(status), root.GetProperty("counts").GetProperty(name).GetInt32());
        Assert.True((await CommentAsync(site, ids[0])).SpamByModerator);

        // A delete over JSON must say it was confirmed (moderation.js asks first); otherwise nothing happens.
        var unconfirmed = await ActAsync(admin, "delete", ids, json: true);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal(2, await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => ids.Contains(c.Id))));

        var confirmed = await ActAsync(admin, "delete", ids, json: true, confirmed: true);
        using var deleted = JsonDocument.Parse(await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(ids, deleted.RootElement.GetProperty("changed").EnumerateArray().Select(e => e.GetInt64()).Order());
        Assert.Equal("Deleted 2 comments permanently.", deleted.RootElement.GetProperty("message").GetString());
        Assert.Equal(0, await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => ids.Contains(c.Id))));
    }

    [Fact]
    public async Task The_page_carries_what_the_script_needs()
    {
        var marker = Marker();
        var ids = await SeedAsync(site, Pending(marker, 1));
        var admin = await AdminAsync(site);

        var page = Html.Parse(await GetAsync(admin, $"/admin/comments?q={marker}"));

        Assert.Equal("polite", page.QuerySelector("[data-queue-live]")!.GetAttribute("aria-live"));
        Assert.NotNull(page.QuerySelector($"tr[data-comment-id='{ids[0]}']"));
        Assert.NotNull(page.QuerySelector("input[data-select-all]"));
        Assert.Contains(page.QuerySelectorAll("script"), s => s.GetAttribute("src")?.StartsWith("/_content/ClinicBlog/js/moderation.js", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(page.QuerySelectorAll("script"), s => s.TextContent.Trim().Length > 0);
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.All(page.QuerySelectorAll("form[method=post]"), f => Assert.NotNull(f.QuerySelector($"input[name={TokenField}]")));
        Assert.All(page.QuerySelectorAll("tbody tr > *"), cell => Assert.False(string.IsNullOrEmpty(cell.GetAttribute("data-label"))));
    }

    [Fact]
    public async Task Delete_permanently_asks_first_then_deletes_the_comment_with_its_replies()
    {
        var marker = Marker();
        var parent = (await SeedAsync(site, Pending(marker, 1) with { Status = CommentStatus.Trash }))[0];
        var reply = (await SeedAsync(site, Pending(marker, 2) with { Status = CommentStatus.Approved, ParentId = parent, Body = $"{marker} the reply" }))[0];
        var admin = await AdminAsync(site);
        var back = $"/admin/comments?status=trash&q={marker}";

        var asked = await ActAsync(admin, "delete", [parent], returnUrl: back);

        Assert.Equal(HttpStatusCode.SeeOther, asked.StatusCode);
        var confirmUrl = asked.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/comments/delete?", confirmUrl);
        Assert.Equal(2, await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => c.Id == parent || c.Id == reply)));
        var page = Html.Parse(await GetAsync(admin, confirmUrl));
        var box = page.QuerySelector(".confirm")!;
        Assert.Contains("Delete 2 comments for good?", box.TextContent);
        Assert.Contains("1 reply", box.TextContent);
        Assert.Contains($"{marker} comment number 1", page.Body!.TextContent);
        Assert.Contains($"{marker} the reply", page.Body!.TextContent);

        var form = box.QuerySelector("form")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => (i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToArray();
        var done = await admin.PostAsync(form.GetAttribute("action"), Form(fields));

        Assert.Equal(back, done.Headers.Location?.OriginalString);
        Assert.Equal("Deleted 1 comment permanently, with 1 reply to it.", await FlashAfterAsync(admin, done));
        Assert.Equal(0, await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => c.Id == parent || c.Id == reply)));
        var audit = await site.Factory.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "comment.delete").Select(e => e.ItemId).ToListAsync());
        Assert.Contains(parent.ToString(), audit);
        Assert.Contains(reply.ToString(), audit);
    }

    [Fact]
    public async Task Empty_trash_asks_first_then_deletes_the_trash_and_nothing_else()
    {
        var marker = Marker();
        var trashed = await SeedAsync(site, Enumerable.Range(1, 3).Select(i => Pending(marker, i) with { Status = CommentStatus.Trash }).ToArray());
        var kept = await SeedAsync(site, Pending(marker, 4), Pending(marker, 5) with { Status = CommentStatus.Spam });
        var admin = await AdminAsync(site);

        var asked = await ActAsync(admin, "empty", [], returnUrl: "/admin/comments?status=trash", tab: "trash");

        Assert.Equal(HttpStatusCode.SeeOther, asked.StatusCode);
        Assert.StartsWith("/admin/comments/empty?status=trash", asked.Headers.Location!.OriginalString);
        Assert.Equal(3, await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => trashed.Contains(c.Id))));
        var trashCount = (await CountsAsync(site))[CommentStatus.Trash];
        var page = Html.Parse(await GetAsync(admin, asked.Headers.Location!.OriginalString));
        var form = page.QuerySelector(".confirm form")!;
        Assert.Contains($"Delete all {QueueCount(trashCount)} in Trash for good?", page.QuerySelector(".confirm")!.TextContent);

        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => (i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToArray();
        var done = await admin.PostAsync(form.GetAttribute("action"), Form(fields));

        Assert.Equal($"Emptied the trash: deleted {QueueCount(trashCount)} permanently.", await FlashAfterAsync(admin, done));
        Assert.Equal(0, (await CountsAsync(site)).GetValueOrDefault(CommentStatus.Trash));
        Assert.Equal(2, await site.Factory.QueryAsync(db => db.Comments.CountAsync(c => kept.Contains(c.Id))));
        var audit = await site.Factory.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "comment.delete").Select(e => e.ItemId).ToListAsync());
        Assert.All(trashed, id => Assert.Contains(id.ToString(), audit));
    }

    [Fact]
    public async Task Every_action_is_written_to_the_audit_trail_with_the_status_before_and_after()
    {
        var marker = Marker();
        var id = (await SeedAsync(site, Pending(marker, 1)))[0];
        var admin = await AdminAsync(site);

        foreach (var what in new[] { "approve", "unapprove", "spam", "restore", "trash", "restore" })
            Assert.Equal(HttpStatusCode.SeeOther, (await ActAsync(admin, what, [id])).StatusCode);

        var entries = await site.Factory.QueryAsync(db => db.AuditEntries.Where(e => e.ItemId == id.ToString()).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [
                ("comment.approve", "Pending", "Approved"), ("comment.unapprove", "Approved", "Pending"), ("comment.spam", "Pending", "Spam"),
                ("comment.restore", "Spam", "Pending"), ("comment.trash", "Pending", "Trash"), ("comment.restore", "Trash", "Pending"),
            ],
            entries.Select(e => (e.Action, e.PreviousValue, e.NewValue)));
        Assert.All(entries, e => Assert.Contains("Reader 1", e.Summary));
        Assert.Equal(CommentStatus.Pending, (await CommentAsync(site, id)).Status);
    }

    [Fact]
    public async Task An_action_on_nothing_selected_says_so_and_changes_nothing()
    {
        var admin = await AdminAsync(site);
        var response = await ActAsync(admin, "approve", [], returnUrl: "/admin/comments?status=pending");
        Assert.Equal("Please select at least one comment first.", await FlashAfterAsync(admin, response));
    }

    [Fact]
    public async Task A_return_address_outside_the_queue_is_not_followed()
    {
        var marker = Marker();
        var id = (await SeedAsync(site, Pending(marker, 1)))[0];
        var admin = await AdminAsync(site);

        var response = await ActAsync(admin, "trash", [id], returnUrl: "https://evil.example/admin/comments");

        Assert.Equal("/admin/comments", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Paging_links_walk_every_comment_exactly_once_in_both_directions()
    {
        var marker = Marker();
        var start = new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        // 120 comments; every third shares its time with the one before, so ties are broken by id.
        var seeds = Enumerable.Range(1, 120).Select(i => Pending(marker, i, start.AddSeconds(i - (i % 3 == 0 ? 1 : 0))) with { Status = CommentStatus.Approved }).ToArray();
        var ids = await SeedAsync(site, seeds);
        var expected = seeds.Zip(ids).OrderByDescending(x => x.First.CreatedUtc).ThenByDescending(x => x.Second).Select(x => x.Second).ToList();
        var admin = await AdminAsync(site);

        var seen = new List<long>();
        var pages = new List<string>();
        string? url = $"/admin/comments?status=approved&q={marker}";
        while (url is not null)
        {
            pages.Add(url);
            var page = Html.Parse(await GetAsync(admin, url));
            seen.AddRange(page.QuerySelectorAll("tr[data-comment-id]").Select(r => long.Parse(r.GetAttribute("data-comment-id")!)));
            url = page.QuerySelector(".pager a[rel=next]")?.GetAttribute("href");
            Assert.DoesNotContain("offset", url ?? "", StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(3, pages.Count);
        Assert.Equal(expected, seen);

        // And back: "Newer" from the last page returns the same pages.
        var back = new List<long>();
        url = pages[^1];
        while (url is not null)
        {
            var page = Html.Parse(await GetAsync(admin, url));
            back.InsertRange(0, page.QuerySelectorAll("tr[data-comment-id]").Select(r => long.Parse(r.GetAttribute("data-comment-id")!)));
            url = page.QuerySelector(".pager a[rel=prev]")?.GetAttribute("href");
        }

        Assert.Equal(expected, back);

        // A page emptied by moderation (nothing older than its cursor) still leads back.
        var past = Html.Parse(await GetAsync(admin, $"/admin/comments?status=approved&q={marker}&before=1_1"));
        Assert.Empty(past.QuerySelectorAll("tr[data-comment-id]"));
        Assert.Equal("No more comments this way.", past.QuerySelector(".queue-empty")?.TextContent.Trim());
        Assert.NotNull(past.QuerySelector(".pager a[rel=prev]"));
    }

    private static string QueueCount(int n) => n == 1 ? "1 comment" : $"{n:N0} comments";
}
