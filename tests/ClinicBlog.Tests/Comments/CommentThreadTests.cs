using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Tests.Comments.Support;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Comments;

/// <summary>Threads as readers see them: replies nest up to the site's depth, hidden parents hide their replies, pages of 50.</summary>
public sealed class CommentThreadTests(CommentsSiteFactory site) : IClassFixture<CommentsSiteFactory>
{
    private const string ReplySlug = "instrument-assisted-soft-tissue-mobilization-iastm";
    private const string PagedSlug = "massage-therapy-for-your-foot-pain-and-injuries";
    private const string SanitizeSlug = "iastm";

    [Fact]
    public async Task Replies_nest_under_their_parent_and_stop_nesting_at_the_maximum_depth()
    {
        using var reader = site.NewReader();
        var chain = await ApprovedChainAsync(reader, ReplySlug, "Depth", 4);

        var page = await reader.ArticleAsync(ReplySlug);
        var items = chain.Select(id => page.GetElementById($"comment-{id}")!).ToList();
        Assert.All(items, Assert.NotNull);
        Assert.Equal([1, 2, 3, 3], items.Select(Level));
        // Level 2 is in the first comment's replies, level 3 in the second's.
        Assert.Same(items[0], items[1].ParentElement!.ParentElement);
        Assert.True(items[1].ParentElement!.ClassList.Contains("comment-replies"));
        Assert.Same(items[1], items[2].ParentElement!.ParentElement);
        // The reply at depth 4 follows its parent at level 3 instead of nesting under it.
        Assert.Same(items[2].ParentElement, items[3].ParentElement);
        Assert.Null(items[2].QuerySelector("ol.comment-replies"));
        Assert.Equal(items[2], items[3].PreviousElementSibling);

        // The depth is the site's setting.
        await site.UpdatePolicyAsync(p => p.MaxDepth = 2);
        try
        {
            var flatter = await reader.ArticleAsync(ReplySlug);
            Assert.Equal([1, 2, 2, 2], chain.Select(id => Level(flatter.GetElementById($"comment-{id}")!)));
        }
        finally
        {
            await site.UpdatePolicyAsync(p => p.MaxDepth = 3);
        }
    }

    [Fact]
    public async Task A_reply_to_a_comment_that_is_not_approved_is_refused_with_the_text_kept()
    {
        using var reader = site.NewReader();
        var held = await reader.PostAsync(new CommentsDraft { Name = "Quentin Queued", Email = "held.parent@example.com", Body = "Still in the queue." }, ReplySlug);

        using var replyPage = await reader.Client.GetAsync($"/articles/{ReplySlug}/comments?replyto={held}");
        Assert.Equal(HttpStatusCode.NotFound, replyPage.StatusCode);

        using var refused = await reader.FillAndSendAsync(new CommentsDraft { Email = "eager.replier@example.com", Body = "Replying to a held comment.", ParentId = held }, ReplySlug);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = CommentsReader.Parse(await refused.Content.ReadAsStringAsync());
        Assert.StartsWith("The comment you are replying to is no longer there.", page.GetElementById("comment-Body-error")?.TextContent);
        Assert.Equal("Replying to a held comment.", page.QuerySelector<IHtmlTextAreaElement>("#comment-Body")!.Value);
        Assert.Equal(0, await CountAsync(c => c.ParentId == held));
        Assert.DoesNotContain("Quentin Queued", page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        // A post that fails for another reason (an empty body) does not name the held commenter either.
        using var empty = await reader.FillAndSendAsync(new CommentsDraft { Email = "eager.replier@example.com", Body = "", ParentId = held }, ReplySlug);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyPage = await empty.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Quentin Queued", emptyPage, StringComparison.Ordinal);
        Assert.Equal("Leave a Reply", Html.Parse(emptyPage).GetElementById("reply-title")?.TextContent);

        // Nor may a reply hang under an approved comment of another article.
        var elsewhere = await reader.PostAsync(new CommentsDraft { Email = "other.article@example.com", Body = "On the other article." }, CommentsSiteFactory.HotSlug);
        await site.ApproveAsync(elsewhere);
        using var crossed = await reader.FillAndSendAsync(new CommentsDraft { Email = "crossed@example.com", Body = "Crossed thread.", ParentId = elsewhere }, ReplySlug);
        Assert.Equal(HttpStatusCode.BadRequest, crossed.StatusCode);
        Assert.Equal(0, await CountAsync(c => c.ParentId == elsewhere));
    }

    [Fact]
    public async Task The_reply_page_names_the_comment_answered_and_posts_into_its_thread()
    {
        using var reader = site.NewReader();
        var parent = await reader.PostAsync(new CommentsDraft { Name = "Robin Parent", Email = "robin.parent@example.com", Body = "Answer me." }, ReplySlug);
        await site.ApproveAsync(parent);

        var form = await reader.PageAsync($"/articles/{ReplySlug}/comments?replyto={parent}");
        Assert.Equal("Reply to Robin Parent", form.GetElementById("reply-title")?.TextContent);
        Assert.Equal(parent.ToString(System.Globalization.CultureInfo.InvariantCulture), form.QuerySelector<IHtmlInputElement>("input[name=ParentId]")!.Value);

        var reply = await reader.PostAsync(new CommentsDraft { Email = "robin.reply@example.com", Body = "Answered.", ParentId = parent }, ReplySlug);
        var own = await reader.ArticleAsync(ReplySlug);
        var li = own.GetElementById($"comment-{reply}")!;
        Assert.Contains("awaiting moderation", li.TextContent); // The replier sees their held reply in place.
        Assert.Same(own.GetElementById($"comment-{parent}"), li.ParentElement!.ParentElement);
    }

    [Fact]
    public async Task Hiding_a_comment_hides_its_replies_and_they_come_back_with_it()
    {
        using var reader = site.NewReader();
        using var stranger = site.NewReader();
        var chain = await ApprovedChainAsync(reader, SanitizeSlug, "Trash", 3);
        var heldReply = await reader.PostAsync(new CommentsDraft { Email = "trash.held@example.com", Body = "Held reply under the trashed one.", ParentId = chain[0] }, SanitizeSlug);
        var before = await stranger.ArticleAsync(SanitizeSlug);
        Assert.All(chain, id => Assert.NotNull(before.GetElementById($"comment-{id}")));
        var countBefore = ApprovedCount(before);

        await site.ModerateAsync(CommentStatus.Trash, chain[0]);

        var hidden = await stranger.ArticleAsync(SanitizeSlug);
        Assert.All(chain, id => Assert.Null(hidden.GetElementById($"comment-{id}")));
        Assert.DoesNotContain("Trash reply", hidden.Source.Text);
        // The count says what a reader can see: the approved replies hidden with their parent are not counted.
        Assert.Equal(countBefore - 3, ApprovedCount(hidden));
        // The replies themselves are untouched.
        Assert.Equal(CommentStatus.Approved, (await site.CommentAsync(chain[1])).Status);
        Assert.Equal(CommentStatus.Approved, (await site.CommentAsync(chain[2])).Status);

        // Restore puts it back in the queue (Pending), still out of sight; approving it brings the thread back.
        await site.ModerateAsync(CommentStatus.Pending, chain[0]);
        Assert.Null((await stranger.ArticleAsync(SanitizeSlug)).GetElementById($"comment-{chain[2]}"));
        await site.ApproveAsync(chain[0]);

        var back = await stranger.ArticleAsync(SanitizeSlug);
        Assert.All(chain, id => Assert.NotNull(back.GetElementById($"comment-{id}")));
        Assert.Equal([1, 2, 3], chain.Select(id => Level(back.GetElementById($"comment-{id}")!)));
        Assert.Equal(countBefore, ApprovedCount(back));
        Assert.Null(back.GetElementById($"comment-{heldReply}")); // The held reply is still held.
        Assert.Equal(CommentStatus.Pending, (await site.CommentAsync(heldReply)).Status);
    }

    [Fact]
    public async Task More_than_50_top_level_comments_are_paged()
    {
        var articleId = await ArticleIdAsync(PagedSlug);
        var start = site.Clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var ids = await site.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ClinicBlogDbContext>();
            var roots = Enumerable.Range(1, 51).Select(i => new Comment
            {
                ArticleId = articleId, AuthorName = $"Paged Reader {i}", Body = $"Paged comment {i}.", Status = CommentStatus.Approved,
                CreatedUtc = start.AddMinutes(i),
            }).ToList();
            db.Comments.AddRange(roots);
            db.Comments.Add(new Comment { ArticleId = articleId, AuthorName = "Trashed Reader", Body = "Not counted.", Status = CommentStatus.Trash, CreatedUtc = start });
            await db.SaveChangesAsync();
            var reply = new Comment
            {
                ArticleId = articleId, ParentId = roots[^1].Id, AuthorName = "Late Replier", Body = "A reply on page 2.",
                Status = CommentStatus.Approved, CreatedUtc = start.AddMinutes(60),
            };
            db.Comments.Add(reply);
            await db.SaveChangesAsync();
            return roots.Select(r => r.Id).Append(reply.Id).ToList();
        });

        using var reader = site.NewReader();
        var first = await reader.ArticleAsync(PagedSlug);
        var firstRoots = first.QuerySelectorAll("ol.comment-list > li").Select(li => li.Id).ToList();
        Assert.Equal(ids.Take(50).Select(id => $"comment-{id}"), firstRoots);
        Assert.Equal("52 comments", first.GetElementById("comments-title")?.TextContent);
        Assert.Equal("Comments page 1 of 2", first.QuerySelector("nav.pager span")?.TextContent);
        Assert.Equal($"/articles/{PagedSlug}?cpage=2#comments", first.QuerySelector("nav.pager a")?.GetAttribute("href"));
        Assert.Null(first.GetElementById($"comment-{ids[^1]}"));

        var second = await reader.ArticleAsync(PagedSlug, commentsPage: 2);
        Assert.Equal([$"comment-{ids[50]}"], second.QuerySelectorAll("ol.comment-list > li").Select(li => li.Id));
        Assert.Equal(2, Level(second.GetElementById($"comment-{ids[^1]}")!));
        Assert.Equal("Comments page 2 of 2", second.QuerySelector("nav.pager span")?.TextContent);
        Assert.Equal("Earlier comments", second.QuerySelector("nav.pager a")?.TextContent);

        // Out-of-range pages show the nearest page.
        Assert.Equal("Comments page 2 of 2", (await reader.ArticleAsync(PagedSlug, commentsPage: 9)).QuerySelector("nav.pager span")?.TextContent);
        Assert.Equal("Comments page 1 of 2", (await reader.ArticleAsync(PagedSlug, commentsPage: 0)).QuerySelector("nav.pager span")?.TextContent);
    }

    [Fact]
    public async Task A_comment_cannot_carry_script_images_headings_or_javascript_links()
    {
        const string Body = """
            <script>alert('comment')</script>
            # A big heading

            ![a tracking pixel](https://tracker.example/pixel.png)
            <img src="x" onerror="alert(1)">
            [click me](javascript:alert(1)) and <a href="https://evil.example" onclick="steal()">raw link</a>
            Read https://example.org/stretches and **bold** advice.
            """;
        using var reader = site.NewReader();
        var id = await reader.PostAsync(new CommentsDraft { Name = "<b>Tag</b> Name", Email = "sanitize.me@example.com", Website = "https://sanitize.example", Body = Body }, SanitizeSlug);
        await site.ApproveAsync(id);

        using var stranger = site.NewReader();
        var html = await stranger.GetAsync($"/articles/{SanitizeSlug}");
        var page = CommentsReader.Parse(html);
        var comment = page.GetElementById($"comment-{id}")!;
        var body = comment.QuerySelector(".comment-body")!;

        Assert.Empty(body.QuerySelectorAll("script, img, h1, h2, h3, h4, h5, h6, iframe, style, b"));
        Assert.DoesNotContain(body.QuerySelectorAll("*"), e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(body.QuerySelectorAll("a[href]"), a => !a.GetAttribute("href")!.StartsWith("https://", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>alert('comment')", html);
        Assert.NotNull(body.QuerySelector("strong"));
        var links = body.QuerySelectorAll("a").ToList();
        Assert.Contains(links, a => a.GetAttribute("href") == "https://example.org/stretches");
        Assert.All(links, a => Assert.Equal("nofollow ugc noopener", a.GetAttribute("rel")));

        // The name is text, and the commenter's website carries no endorsement either.
        var author = comment.QuerySelector(".comment-author a")!;
        Assert.Equal("<b>Tag</b> Name", author.TextContent);
        Assert.Equal("https://sanitize.example/", author.GetAttribute("href"));
        Assert.Equal("nofollow ugc noopener", author.GetAttribute("rel"));
    }

    /// <summary>Posts a chain of <paramref name="length"/> comments, each replying to the one before, and approves each.</summary>
    private async Task<List<long>> ApprovedChainAsync(CommentsReader reader, string slug, string label, int length)
    {
        var chain = new List<long>();
        for (var i = 0; i < length; i++)
        {
            var id = await reader.PostAsync(new CommentsDraft
            {
                Name = $"{label} Writer {i + 1}", Email = $"{label.ToLowerInvariant()}.{i + 1}@example.com",
                Body = i == 0 ? $"{label} top-level comment." : $"{label} reply at depth {i + 1}.", ParentId = chain.Count > 0 ? chain[^1] : null,
            }, slug);
            await site.ApproveAsync(id);
            chain.Add(id);
        }

        return chain;
    }

    /// <summary>How deep a comment is shown: 1 in the list itself, 2 in a reply list, and so on.</summary>
    private static int Level(IElement li) => li.Ancestors<IHtmlOrderedListElement>().Count();

    private static int ApprovedCount(IHtmlDocument page)
    {
        var title = page.GetElementById("comments-title")!.TextContent.Trim();
        return title == "Comments" ? 0 : int.Parse(title.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<string> ArticleIdAsync(string slug) =>
        site.InScopeAsync(sp => sp.GetRequiredService<ClinicBlogDbContext>().Articles.Where(a => a.Published!.Slug == slug).Select(a => a.ContentItemId).SingleAsync());

    private Task<int> CountAsync(System.Linq.Expressions.Expression<Func<Comment, bool>> where) =>
        site.InScopeAsync(sp => sp.GetRequiredService<ClinicBlogDbContext>().Comments.CountAsync(where));
}
