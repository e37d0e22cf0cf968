using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Moderation;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Moderation;

/// <summary>The queue's rules and its reading, without HTTP: over the module's services and a database set up from the recipe.</summary>
public sealed class ModerationQueueTests : IAsyncLifetime
{
    private QueueModule module = null!;
    private string articleId = "";

    public async Task InitializeAsync()
    {
        module = await QueueModule.CreateAsync();
        articleId = await module.QueryAsync(db => db.Articles.Select(a => a.ContentItemId).FirstAsync());
    }

    public async Task DisposeAsync() => await module.DisposeAsync();

    private async Task<long[]> AddAsync(params (CommentStatus Status, long? ParentId)[] comments)
    {
        await using var scope = module.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var rows = comments.Select((c, i) => new Comment
        {
            ArticleId = articleId, AuthorName = $"Reader {i}", Body = $"Text {i}", Status = c.Status, ParentId = c.ParentId,
            CreatedUtc = DateTime.UtcNow.AddMinutes(i),
        }).ToList();
        db.Comments.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToArray();
    }

    private async Task<T> WithQueueAsync<T>(Func<ModerationQueue, Task<T>> act)
    {
        await using var scope = module.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<ModerationQueue>());
    }

    private Task<Comment> GetAsync(long id) => module.QueryAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == id));

    /// <summary>The tab counts as a fresh COUNT(*) would give them, to hold the kept counts against.</summary>
    private Task<Dictionary<CommentStatus, int>> CountedAsync() => module.QueryAsync(async db =>
    {
        var grouped = await db.Comments.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return Enum.GetValues<CommentStatus>().ToDictionary(s => s, s => grouped.SingleOrDefault(g => g.Key == s)?.Count ?? 0);
    });

    private async Task AssertCountsKeptAsync(string after)
    {
        var kept = await WithQueueAsync(q => q.CountsAsync(default));
        var counted = await CountedAsync();
        foreach (var status in Enum.GetValues<CommentStatus>())
            Assert.True(counted[status] == kept[status], $"After {after}, the {status} tab says {kept[status]}, but {counted[status]} comments have that status.");
    }

    [Fact]
    public async Task The_tab_counts_follow_every_way_a_comment_is_added_moved_or_removed()
    {
        await AssertCountsKeptAsync("setup");
        var ids = await AddAsync((CommentStatus.Pending, null), (CommentStatus.Pending, null), (CommentStatus.Approved, null), (CommentStatus.Spam, null));
        await AssertCountsKeptAsync("adding comments");
        var reply = (await AddAsync((CommentStatus.Approved, ids[2])))[0];

        await WithQueueAsync(q => q.ApproveAsync([ids[0]], default));
        await AssertCountsKeptAsync("an approval");
        await WithQueueAsync(q => q.TrashAsync([ids[1], ids[2]], default));
        await AssertCountsKeptAsync("trashing two");
        await WithQueueAsync(q => q.RestoreAsync([ids[3]], default));
        await AssertCountsKeptAsync("restoring spam");

        // A change through the change tracker counts like a bulk statement does.
        await module.QueryAsync(async db =>
        {
            var tracked = await db.Comments.SingleAsync(c => c.Id == reply);
            tracked.Status = CommentStatus.Spam;
            return await db.SaveChangesAsync();
        });
        await AssertCountsKeptAsync("a status saved through the change tracker");

        await WithQueueAsync(q => q.EmptyAsync(CommentStatus.Trash, default));
        await AssertCountsKeptAsync("emptying the trash");

        // Deleting an article takes its comments with it (a cascade): the counts follow that too.
        await module.QueryAsync(db => db.Articles.Where(a => a.ContentItemId == articleId).ExecuteDeleteAsync());
        await AssertCountsKeptAsync("deleting the article with its comments");
    }

    [Fact]
    public async Task Unapprove_changes_only_approved_comments_and_restore_only_spam_or_trash()
    {
        var ids = await AddAsync((CommentStatus.Approved, null), (CommentStatus.Spam, null), (CommentStatus.Trash, null), (CommentStatus.Approved, null));

        Assert.Equal([ids[0]], await WithQueueAsync(q => q.UnapproveAsync([ids[0], ids[1]], default)));
        Assert.Equal([ids[1], ids[2]], await WithQueueAsync(q => q.RestoreAsync([ids[1], ids[2], ids[3]], default)));

        Assert.Equal(CommentStatus.Pending, (await GetAsync(ids[1])).Status);
        Assert.Equal(CommentStatus.Approved, (await GetAsync(ids[3])).Status);
        Assert.Equal("restored by a moderator", (await GetAsync(ids[2])).ModerationReason);
    }

    [Fact]
    public async Task The_spam_verdict_stays_through_the_trash_and_is_taken_back_by_approval()
    {
        var id = (await AddAsync((CommentStatus.Pending, null)))[0];

        await WithQueueAsync(q => q.SpamAsync([id], default));
        await WithQueueAsync(q => q.TrashAsync([id], default));
        Assert.True((await GetAsync(id)).SpamByModerator);

        await WithQueueAsync(q => q.ApproveAsync([id], default));
        Assert.False((await GetAsync(id)).SpamByModerator);
    }

    [Fact]
    public async Task Delete_takes_the_whole_thread_below_and_empty_takes_only_its_status()
    {
        var top = (await AddAsync((CommentStatus.Spam, null)))[0];
        var child = (await AddAsync((CommentStatus.Approved, top)))[0];
        var grandchild = (await AddAsync((CommentStatus.Pending, child)))[0];
        var other = (await AddAsync((CommentStatus.Pending, null)))[0];

        Assert.Equal([top, child, grandchild], await WithQueueAsync(q => q.WithRepliesAsync([top], default)));
        Assert.Equal([top, child, grandchild], await WithQueueAsync(q => q.EmptyAsync(CommentStatus.Spam, default)));

        Assert.Equal([other], await module.QueryAsync(db => db.Comments.Where(c => c.Id >= top).Select(c => c.Id).ToListAsync()));
        Assert.Equal(3, await module.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "comment.delete")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WithQueueAsync(q => q.EmptyAsync(CommentStatus.Approved, default)));
    }

    [Fact]
    public async Task An_edit_that_changes_nothing_writes_nothing()
    {
        var id = (await AddAsync((CommentStatus.Approved, null)))[0];

        Assert.Equal("", await WithQueueAsync(q => q.EditAsync(id, "  Text 0  ", default)));
        Assert.Null((await GetAsync(id)).EditedUtc);
        Assert.Equal(0, await module.QueryAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal("Please write the comment's text.", await WithQueueAsync(q => q.EditAsync(id, " ", default)));
        Assert.Null(await WithQueueAsync(q => q.EditAsync(-1, "x", default)));
    }

    [Fact]
    public async Task A_staff_reply_under_a_held_comment_approves_it_in_the_same_unit_of_work()
    {
        var parent = (await AddAsync((CommentStatus.Pending, null)))[0];

        var outcome = await WithQueueAsync(q => q.ReplyAsync(parent, new StaffAuthor("user-1", "Dr. Staff", "Staff@Clinic.example"), " Thanks! ", default));

        Assert.NotNull(outcome);
        Assert.True(outcome.ParentApproved);
        var reply = await GetAsync(outcome.ReplyId!.Value);
        Assert.Equal((parent, CommentStatus.Approved, "Thanks!", "Dr. Staff", "user-1"), (reply.ParentId!.Value, reply.Status, reply.Body, reply.AuthorName, reply.UserId));
        Assert.Equal(ModerationQueue.StaffReason, reply.ModerationReason);
        Assert.Equal(CommentStatus.Approved, (await GetAsync(parent)).Status);
        Assert.Null(await WithQueueAsync(q => q.ReplyAsync(-5, new StaffAuthor("u", "n", ""), "x", default)));
    }

    public static TheoryData<string> PagePositions => new() { "first", "older", "newer" };

    /// <summary>What SQLite plans for a query (EXPLAIN QUERY PLAN of the very command EF Core sends).</summary>
    private Task<List<string>> PlanAsync(Func<QueueListing, IQueryable<QueueItem>> query) => module.QueryAsync(async db =>
    {
        await using var command = query(new QueueListing(db)).CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        await using var reader = await command.ExecuteReaderAsync();
        var details = new List<string>();
        while (await reader.ReadAsync()) details.Add(reader.GetString(3));
        return details;
    });

    /// <summary>
    /// A page of the default tab is a range read on (Status, CreatedUtc, Id) in index order, with no sort and no scan
    /// of the table, so it costs the same on the first page and deep into 200,000 comments.
    /// </summary>
    [Theory]
    [MemberData(nameof(PagePositions))]
    public async Task A_page_is_an_indexed_range_read_without_sorting(string position)
    {
        var cursor = new QueueCursor(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks, 1000);
        var plan = await PlanAsync(l => l.Query(new QueueFilter(CommentStatus.Pending), position == "older" ? cursor : null, position == "newer" ? cursor : null));

        var range = position == "first" ? "(Status=?)" : position == "older" ? "(Status=? AND CreatedUtc<?)" : "(Status=? AND CreatedUtc>?)";
        Assert.Contains("SEARCH c USING INDEX IX_Comments_Status_CreatedUtc_Id " + range, plan);
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
        // EF Core reads the page in a subquery ("s"); going through those 51 rows is fine, scanning a table is not.
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN", StringComparison.Ordinal) && d != "SCAN s");
    }

    [Fact]
    public async Task An_exact_email_is_found_through_its_hash_index()
    {
        var plan = await PlanAsync(l => l.Query(new QueueFilter(CommentStatus.Approved, EmailHash: "ab12"), null, null));

        Assert.Contains("SEARCH c USING INDEX IX_Comments_EmailHash_Status (EmailHash=?)", plan);
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN", StringComparison.Ordinal) && d != "SCAN s");
    }

    [Theory]
    [InlineData("638712345678901234_42", 638712345678901234L, 42L)]
    [InlineData("0_0", 0L, 0L)]
    public void A_cursor_reads_back_what_it_writes(string text, long ticks, long id)
    {
        var cursor = QueueCursor.Parse(text);
        Assert.Equal(new QueueCursor(ticks, id), cursor);
        Assert.Equal(text, cursor.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("a_b")]
    [InlineData("-1_5")]
    [InlineData("1_2_3")]
    [InlineData("99999999999999999999_1")]
    public void A_cursor_that_is_not_one_is_ignored(string? text) => Assert.Null(QueueCursor.Parse(text));

    [Theory]
    [InlineData("approve", 3, 3, "Approved 3 comments.")]
    [InlineData("approve", 1, 1, "Approved 1 comment.")]
    [InlineData("spam", 2, 2, "Marked 2 comments as spam.")]
    [InlineData("trash", 1, 1, "Moved 1 comment to the trash.")]
    [InlineData("restore", 2, 2, "Restored 2 comments to Pending.")]
    [InlineData("unapprove", 4, 4, "Unapproved 4 comments: back in Pending.")]
    [InlineData("delete", 2, 5, "Deleted 2 comments permanently, with 3 replies to them.")]
    [InlineData("approve", 2, 0, "Nothing changed: those comments were already approved.")]
    [InlineData("restore", 1, 0, "Nothing changed: only comments in Spam or Trash can be restored.")]
    public void Messages_say_what_happened_in_plain_words(string action, int selected, int changed, string expected) =>
        Assert.Equal(expected, QueueMessages.Done(QueueMessages.ParseAction(action)!.Value, selected, changed));

    [Fact]
    public void Tabs_read_from_addresses_and_offer_what_fits_them()
    {
        Assert.Equal(CommentStatus.Spam, QueueTabs.Parse("Spam"));
        Assert.Null(QueueTabs.Parse("deleted"));
        Assert.Equal([QueueAction.Approve, QueueAction.Spam, QueueAction.Trash], QueueTabs.Actions(CommentStatus.Pending));
        Assert.Contains(QueueAction.Delete, QueueTabs.Actions(CommentStatus.Trash));
        Assert.DoesNotContain(QueueAction.Delete, QueueTabs.Actions(CommentStatus.Approved));
        Assert.Equal("Not spam", QueueMessages.Button(QueueAction.Restore, CommentStatus.Spam));
    }
}

/// <summary>
/// The module's services over a database set up from the recipe, with the (empty) configuration a host would give:
/// the queue's mail pieces read their options from configuration.
/// </summary>
internal sealed class QueueModule : IAsyncDisposable
{
    private readonly TempDirectory folder = new();
    private readonly ServiceProvider provider;

    private QueueModule()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddClinicBlog(new ClinicBlogStorageOptions { DataDirectory = folder.Path, RecipesDirectory = TestPaths.RecipesDirectory });
        provider = services.BuildServiceProvider();
    }

    public IServiceProvider Services => provider;

    public static async Task<QueueModule> CreateAsync()
    {
        var module = new QueueModule();
        await module.provider.MigrateClinicBlogDatabaseAsync();
        var errors = new ClinicBlog.Recipes.RecipeErrors();
        var recipe = ClinicBlog.Recipes.RecipeDocument.Read(await File.ReadAllTextAsync(TestPaths.SetupRecipe), errors)!;
        await using var scope = module.provider.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ClinicBlog.Recipes.RecipeApplier>().ApplyAsync(recipe, default));
        return module;
    }

    public async Task<T> QueryAsync<T>(Func<ClinicBlogDbContext, Task<T>> query)
    {
        await using var scope = provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        folder.Dispose();
    }
}
