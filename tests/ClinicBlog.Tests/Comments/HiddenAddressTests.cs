using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Tests.Comments.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Comments;

/// <summary>Commenters' addresses are never published, never logged and never stored in clear text.</summary>
/// <remarks>Distinctive "canary" addresses are used the way readers use the site; then every public page, the log and the database are searched.</remarks>
public sealed partial class HiddenAddressTests(CommentsSiteFactory site) : IClassFixture<CommentsSiteFactory>
{
    private static readonly string[] Canaries =
    [
        "zq-leak-canary-1@example.net", "zq-leak-canary-2@example.net", "zq-leak-canary-3@example.net",
        "zq-leak-canary-4@example.net", "ZQ-Leak-Canary-5@Example.NET",
    ];

    /// <summary>The addresses and the parts before the @, which would give them away as well.</summary>
    private static readonly string[] Secrets = Canaries.Concat(Canaries.Select(c => c[..c.IndexOf('@')])).ToArray();

    [Fact]
    public async Task No_public_page_log_line_or_database_row_holds_a_commenters_address()
    {
        var (first, reply) = await CommentLikeReadersAsync();

        using var visitor = site.NewReader();
        foreach (var path in await PublicPathsAsync(first))
        {
            using var response = await visitor.Client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"GET {path}: {(int)response.StatusCode}");
            AssertNoSecret(text, $"GET {path}");
        }

        // The approved comments are there, by name: the search looked at the right pages.
        var article = await visitor.ArticleAsync();
        Assert.NotNull(article.GetElementById($"comment-{first}"));
        Assert.NotNull(article.GetElementById($"comment-{reply}"));

        // A commenter who saved their details sees their own address in the form, and no one else's.
        using var canaryOne = site.NewReader();
        await canaryOne.PostAsync(new CommentsDraft { Name = "Canary One", Email = Canaries[0], Body = "Saving my details.", SaveDetails = true });
        var own = await canaryOne.GetAsync($"/articles/{CommentsSiteFactory.HotSlug}");
        Assert.Contains(Canaries[0], own);
        foreach (var other in Secrets.Where(s => !Canaries[0].StartsWith(s, StringComparison.Ordinal)))
            Assert.DoesNotContain(other, own, StringComparison.OrdinalIgnoreCase);

        var emailsInLog = site.Logs.Lines.SelectMany(l => EmailPattern().Matches(l).Select(m => m.Value)).Distinct().ToList();
        Assert.True(emailsInLog.Count == 0, $"email addresses in the log: {string.Join(", ", emailsInLog)}");
        Assert.True(site.Logs.Lines.Count > 100, "the log was captured"); // Information and above, EF Core's commands included.
        foreach (var line in site.Logs.Lines) AssertNoSecret(line, "the log");

        await AssertDatabaseHoldsNoSecretAsync();
    }

    /// <summary>Comments, replies, a held one, a subscription with its emails, a refused post, a digest: what readers and moderators cause.</summary>
    private async Task<(long First, long Reply)> CommentLikeReadersAsync()
    {
        using var one = site.NewReader();
        var first = await one.PostAsync(new CommentsDraft { Name = "Canary One", Email = Canaries[0], Body = "First canary comment.", NotifyReplies = true, Website = "canary-one.example" });
        await site.ApproveAsync(first);
        var confirmation = (await site.SendMailAsync()).Single(m => m.To.Mailboxes.Single().Address == Canaries[0]);
        await one.GetAsync(CommentNotificationTests.Link(confirmation.TextBody, "/comments/confirm?token="));

        using var two = site.NewReader();
        var reply = await two.PostAsync(new CommentsDraft { Name = "Canary Two", Email = Canaries[1], Body = "A canary reply.", ParentId = first });
        await site.ApproveAsync(reply);

        using var three = site.NewReader();
        await three.PostAsync(new CommentsDraft { Name = "Canary Three", Email = Canaries[2], Body = "Held canary comment." });

        using var four = site.NewReader();
        using (var refused = await four.FillAndSendAsync(new CommentsDraft { Name = "Canary Four", Email = Canaries[3], Body = "Bad website.", Website = "javascript:alert(1)" }))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var spam = await four.PostAsync(new CommentsDraft { Name = "Canary Four", Email = Canaries[3], Body = "Honeypot canary.", Url = "bot" });
        Assert.Equal(CommentStatus.Spam, (await site.CommentAsync(spam)).Status);

        using var five = site.NewReader();
        var shouted = await five.PostAsync(new CommentsDraft { Name = "Canary Five", Email = Canaries[4], Body = "Upper-case canary.", SaveDetails = true });
        await site.ApproveAsync(shouted);

        await site.Services.GetRequiredService<ModerationDigest>().RunOnceAsync(CancellationToken.None);
        Assert.NotEmpty(await site.SendMailAsync()); // The reply email and the digest went out.
        return (first, reply);
    }

    private async Task<List<string>> PublicPathsAsync(long approvedId)
    {
        var (articles, authors) = await site.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ClinicBlogDbContext>();
            var slugs = await db.Articles.Where(a => a.Published != null).Select(a => a.Published!.Slug).ToListAsync();
            var bios = await db.Authors.Select(a => a.Slug).ToListAsync();
            return (slugs, bios);
        });
        Assert.NotEmpty(articles);
        var paths = new List<string> { "/", "/?page=2", "/no-such-page", "/articles/no-such-article", "/admin/sign-in", "/admin/forgot-password",
            "/comments/confirm?token=nothing", "/comments/unsubscribe?token=nothing" };
        foreach (var slug in articles)
        {
            paths.Add($"/articles/{slug}");
            paths.Add($"/articles/{slug}?cpage=2");
            paths.Add($"/articles/{slug}/comments");
            paths.Add($"/articles/{slug}/comments/state");
        }

        paths.Add($"/articles/{CommentsSiteFactory.HotSlug}/comments?replyto={approvedId}");
        paths.AddRange(authors.Select(slug => $"/authors/{slug}"));
        return paths;
    }

    private async Task AssertDatabaseHoldsNoSecretAsync()
    {
        var connectionString = $"Data Source={Path.Combine(site.DataDirectory, "clinicblog.db")};Mode=ReadOnly";
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        Assert.Contains("Comments", tables);
        var commentRows = 0;
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (table == "Comments") commentRows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.IsDBNull(i)) continue;
                    var value = reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    AssertNoSecret(value, $"table {table}, column {reader.GetName(i)}");
                }
            }
        }

        Assert.True(commentRows >= 6, $"the Comments table has the canaries' rows ({commentRows})");

        // And nowhere in the files themselves (free pages, indexes, the write-ahead log).
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(site.DataDirectory, "clinicblog.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            AssertNoSecret(Encoding.Latin1.GetString(bytes), Path.GetFileName(file));
        }
    }

    private static void AssertNoSecret(string text, string where)
    {
        foreach (var secret in Secrets)
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{where} holds '{secret}'");
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();
}
