using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClinicBlog.Articles;
using ClinicBlog.Authors;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Privacy;
using ClinicBlog.Setup;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Benchmarks;

/// <summary>A prepared site: its data directory (kept between runs) and what the load needs to know of it.</summary>
internal sealed record PreparedSite(string Directory, string HotSlug, string HotAuthorSlug, int Articles, int Authors,
    int Comments, int Approved, int Pending, int Spam);

/// <summary>
/// Prepares a realistic site: set up from the recipe by the module's own <see cref="SiteSetup"/>, a moderator account,
/// then articles, authors and comments inserted in bulk through the module's DbContext, emails protected and hashed
/// like real ones. Kept under the temp folder, keyed by size and by what it was made from, so later runs skip it.
/// </summary>
internal static class SiteData
{
    public const string HotTitle = "IASTM And Foot Pain";
    public const string ModeratorLogin = "benchmoderator";
    public const string ModeratorPassword = "Bench-Moderator-42";

    /// <summary>Change when what is generated changes: prepared sites made by an older generator are not reused.</summary>
    private const int GeneratorVersion = 1;

    private const string SiteFile = "site.json";
    private const int BatchSize = 5_000;

    /// <summary>The module's services over a data directory, as the tests use them (no HTTP, no hosted services).</summary>
    public static ServiceProvider ModuleServices(string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        // No host: the module's options bind to an empty configuration, so they take their defaults.
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddClinicBlog(new ClinicBlogStorageOptions { DataDirectory = dataDirectory, RecipesDirectory = Paths.RecipesDirectory });
        return services.BuildServiceProvider();
    }

    public static async Task<PreparedSite> PrepareAsync(SiteSize size, bool fresh, Log log)
    {
        var directory = Path.Combine(Paths.WorkRoot, $"site-{size.Name}-{await KeyAsync(size)}");
        var siteFile = Path.Combine(directory, SiteFile);
        if (!fresh && File.Exists(siteFile))
        {
            log.Line($"prepared site: {directory} (cached; --fresh-data makes it again)");
            return JsonSerializer.Deserialize<PreparedSite>(await File.ReadAllTextAsync(siteFile))! with { Directory = directory };
        }

        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        var building = $"{directory}.building-{Environment.ProcessId}";
        if (System.IO.Directory.Exists(building)) System.IO.Directory.Delete(building, recursive: true);
        System.IO.Directory.CreateDirectory(building);
        log.Line($"preparing the site ({size.Articles:N0} articles, {size.Authors:N0} authors, {size.Comments:N0} comments) in {building}");
        var clock = Stopwatch.StartNew();
        var site = await BuildAsync(building, size, log);
        SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(Path.Combine(building, SiteFile), JsonSerializer.Serialize(site));
        try
        {
            System.IO.Directory.Move(building, directory);
        }
        catch (IOException) when (File.Exists(siteFile))
        {
            // Another run (a test, say) prepared the same site meanwhile: theirs is as good.
            System.IO.Directory.Delete(building, recursive: true);
        }

        log.Line($"prepared in {clock.Elapsed.TotalSeconds:0.0} s");
        return site with { Directory = directory };
    }

    /// <summary>A working copy for one run: the load writes comments, the prepared site stays as it was.</summary>
    public static string CopyForRun(PreparedSite site)
    {
        var run = Path.Combine(Paths.WorkRoot, $"run-{Environment.ProcessId}");
        if (System.IO.Directory.Exists(run)) System.IO.Directory.Delete(run, recursive: true);
        foreach (var file in System.IO.Directory.EnumerateFiles(site.Directory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == SiteFile) continue;
            var target = Path.Combine(run, Path.GetRelativePath(site.Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return run;
    }

    public static async Task<int> CountCommentsAsync(string dataDirectory)
    {
        await using var services = ModuleServices(dataDirectory);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>().Comments.CountAsync();
    }

    /// <summary>Which of <paramref name="ids"/> are not in the database.</summary>
    public static async Task<IReadOnlyList<long>> MissingCommentsAsync(string dataDirectory, IReadOnlyCollection<long> ids)
    {
        await using var services = ModuleServices(dataDirectory);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var found = new HashSet<long>();
        foreach (var chunk in ids.Distinct().Chunk(500))
            found.UnionWith(await db.Comments.Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync());
        return ids.Where(id => !found.Contains(id)).ToList();
    }

    private static async Task<PreparedSite> BuildAsync(string directory, SiteSize size, Log log)
    {
        await using var services = ModuleServices(directory);
        await services.MigrateClinicBlogDatabaseAsync();

        // Set up as the setup page and headless setup do: the recipe, then the administrator.
        var problems = await services.GetRequiredService<SiteSetup>().SetUpAsync(new SetupRequest
        {
            SiteName = "The Clinic Blog",
            Recipe = "clinic-blog",
            AdminUserName = "benchadmin",
            AdminEmail = "admin@bench.example",
            AdminPassword = "Bench-Admin-42",
        });
        if (problems.Count > 0) throw new InvalidOperationException("Setup failed: " + string.Join("; ", problems.Select(p => $"{p.Field} {p.Message}")));
        await CreateModeratorAsync(services);

        var random = new Random(8);
        var text = new SiteText(random);
        var now = DateTime.UtcNow;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=OFF;");

        var authors = await AddAuthorsAsync(db, size, text, random, now);
        log.Line($"  {authors.Count:N0} authors");
        var articles = await AddArticlesAsync(db, size, text, random, authors, now);
        log.Line($"  {articles.Count:N0} published articles");
        var hot = articles.Single(a => a.Published!.Title == HotTitle);

        var emails = scope.ServiceProvider.GetRequiredService<EmailProtector>();
        var commenters = await CommentersAsync(emails, text, random);
        var ipHashes = new List<string>();
        for (var i = 0; i < 200; i++) ipHashes.Add(await emails.HashIpAsync($"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}"));

        var comments = MakeComments(size, articles, hot, commenters, ipHashes, text, random, now);
        var inserted = 0;
        foreach (var batch in comments.Chunk(BatchSize))
        {
            db.Comments.AddRange(batch);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            inserted += batch.Length;
            if (inserted % 50_000 == 0 || inserted == comments.Count) log.Line($"  {inserted:N0} of {comments.Count:N0} comments");
        }

        // One self-contained file to copy: the write-ahead log folded back in.
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        await db.Database.CloseConnectionAsync();

        var hotAuthor = authors.Single(a => a.ContentItemId == hot.AuthorBioId);
        return new PreparedSite(directory, hot.Published!.Slug, hotAuthor.Slug, articles.Count, authors.Count, comments.Count,
            comments.Count(c => c.Status == CommentStatus.Approved), comments.Count(c => c.Status == CommentStatus.Pending),
            comments.Count(c => c.Status == CommentStatus.Spam));
    }

    /// <summary>A user in the recipe's Moderator role, to sign in to the moderation queue with.</summary>
    private static async Task CreateModeratorAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ClinicBlogUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Permissions.Roles.Moderator))
            throw new InvalidOperationException("The setup recipe made no Moderator role.");
        var moderator = new ClinicBlogUser
        {
            UserName = ModeratorLogin,
            Email = "moderator@bench.example",
            EmailConfirmed = true,
            DisplayName = "Bench Moderator",
        };
        Check(await users.CreateAsync(moderator, ModeratorPassword));
        Check(await users.AddToRoleAsync(moderator, Permissions.Roles.Moderator));

        static void Check(IdentityResult result)
        {
            if (!result.Succeeded) throw new InvalidOperationException("Creating the moderator failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private static async Task<List<AuthorBio>> AddAuthorsAsync(ClinicBlogDbContext db, SiteSize size, SiteText text, Random random, DateTime now)
    {
        var authors = await db.Authors.AsNoTracking().ToListAsync();
        var slugs = authors.Select(a => a.Slug).ToHashSet(StringComparer.Ordinal);
        var names = text.PersonNames().OrderBy(_ => random.Next()).Where(n => !authors.Any(a => a.DisplayName == n)).GetEnumerator();
        var added = new List<AuthorBio>();
        for (var i = authors.Count; i < size.Authors && names.MoveNext(); i++)
        {
            var name = names.Current;
            var created = now.AddDays(-random.Next(400, 2000));
            var author = new AuthorBio
            {
                ContentItemId = $"4benchauthor{i:D13}a",
                DisplayName = name,
                Slug = Content.Slug.Unique(Content.Slug.From(name), slugs.Contains),
                Credentials = text.Credential(),
                Headline = text.Headline(name),
                BioMarkdown = text.Bio(name),
                WebsiteUrl = random.Next(3) == 0 ? "" : $"https://{Content.Slug.From(name)}.example",
                WebsiteText = "Practice website",
                CreatedUtc = created,
                ModifiedUtc = created,
            };
            slugs.Add(author.Slug);
            added.Add(author);
        }

        db.Authors.AddRange(added);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return [.. authors, .. added];
    }

    private static async Task<List<GuestArticle>> AddArticlesAsync(ClinicBlogDbContext db, SiteSize size, SiteText text, Random random,
        List<AuthorBio> authors, DateTime now)
    {
        var articles = await db.Articles.AsNoTracking().Where(a => a.Published != null).ToListAsync();
        var slugs = (await db.Articles.AsNoTracking().Select(a => a.Latest.Slug).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        slugs.UnionWith(articles.Select(a => a.Published!.Slug));
        var titles = text.ArticleTitles().OrderBy(_ => random.Next()).GetEnumerator();
        var added = new List<GuestArticle>();
        for (var i = articles.Count; i < size.Articles && titles.MoveNext(); i++)
        {
            var title = titles.Current;
            var published = now.AddMinutes(-random.Next(60, 4 * 365 * 24 * 60));
            var version = new ArticleVersion
            {
                Title = title,
                Slug = Content.Slug.Unique(Content.Slug.From(title), slugs.Contains),
                Summary = text.Summary(),
                Markdown = text.ArticleMarkdown(title),
                Tags = text.TagsFor(),
            };
            slugs.Add(version.Slug);
            added.Add(new GuestArticle
            {
                ContentItemId = $"4bencharticle{i:D11}a",
                AuthorBioId = authors[random.Next(authors.Count)].ContentItemId,
                Status = ArticleStatus.Published,
                CommentsOpen = true,
                CreatedUtc = published,
                ModifiedUtc = published,
                PublishedUtc = published,
                Latest = version,
                Published = version.Copy(),
            });
        }

        foreach (var batch in added.Chunk(BatchSize))
        {
            db.Articles.AddRange(batch);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return [.. articles, .. added];
    }

    private sealed record Commenter(string Name, string ProtectedEmail, string EmailHash, string? Website);

    /// <summary>A few hundred readers, their emails protected and hashed once each, as the site would.</summary>
    private static async Task<List<Commenter>> CommentersAsync(EmailProtector emails, SiteText text, Random random)
    {
        var commenters = new List<Commenter>();
        var i = 0;
        foreach (var name in text.PersonNames().OrderBy(_ => random.Next()).Take(400))
        {
            var local = Content.Slug.From(name).Replace('-', '.');
            var email = $"{local}{i++}@example.{(i % 3) switch { 0 => "com", 1 => "org", _ => "net" }}";
            commenters.Add(new Commenter(name, emails.Protect(email), await emails.HashAsync(email),
                random.Next(7) == 0 ? $"https://{local.Replace('.', '-')}.example/" : null));
        }

        return commenters;
    }

    /// <summary>
    /// All comments, oldest first with ids in that order: the hot article's 50 approved (some threaded) and a few held
    /// ones, the rest spread over the other articles (a few popular, most quiet), 60 % approved, 30 % pending, 10 % spam.
    /// </summary>
    private static List<Comment> MakeComments(SiteSize size, List<GuestArticle> articles, GuestArticle hot, List<Commenter> commenters,
        List<string> ipHashes, SiteText text, Random random, DateTime now)
    {
        var all = new List<(Comment Comment, Comment? Parent)>(size.Comments);
        var spammers = Enumerable.Range(0, 20).Select(i => commenters[i]).ToList();

        Comment New(GuestArticle article, DateTime at, CommentStatus status)
        {
            var who = status == CommentStatus.Spam ? spammers[random.Next(spammers.Count)] : commenters[random.Next(20, commenters.Count)];
            var withLinks = status == CommentStatus.Pending && random.Next(5) == 0;
            return new Comment
            {
                ArticleId = article.ContentItemId,
                AuthorName = status == CommentStatus.Spam ? "Best Deals " + who.Name.Split(' ')[0] : who.Name,
                ProtectedEmail = who.ProtectedEmail,
                EmailHash = who.EmailHash,
                AuthorWebsite = who.Website,
                Body = text.CommentBody(status == CommentStatus.Spam, withLinks),
                Status = status,
                CreatedUtc = at,
                ModerationReason = status switch
                {
                    CommentStatus.Approved => "approved by a moderator",
                    CommentStatus.Spam => random.Next(3) == 0 ? "marked as spam by a moderator" : "spam: the form's time stamp was missing or forged",
                    _ => withLinks ? "held: 2 links" : "held: every comment is reviewed",
                },
                SpamByModerator = status == CommentStatus.Spam && random.Next(3) == 0,
                NotifyReplies = status == CommentStatus.Approved && random.Next(10) == 0,
                IpHash = ipHashes[random.Next(ipHashes.Count)],
            };
        }

        DateTime Between(DateTime from) => from.AddSeconds(random.NextDouble() * Math.Max(60, (now - from).TotalSeconds - 60));

        // The hot article: exactly 50 approved, a quarter of them replies (up to three deep), and a few held back.
        var hotFrom = hot.PublishedUtc!.Value;
        var hotTimes = Enumerable.Range(0, SiteSize.HotApproved).Select(_ => Between(hotFrom)).Order().ToList();
        var hotApproved = new List<(Comment Comment, int Depth)>();
        for (var i = 0; i < hotTimes.Count; i++)
        {
            var comment = New(hot, hotTimes[i], CommentStatus.Approved);
            (Comment Comment, int Depth)? parent = i >= 2 && i % 4 == 1
                ? hotApproved.Where(p => p.Depth < 3).OrderBy(_ => random.Next()).First()
                : null;
            all.Add((comment, parent?.Comment));
            hotApproved.Add((comment, (parent?.Depth ?? 0) + 1));
        }

        for (var i = 0; i < 6; i++) all.Add((New(hot, Between(hotFrom), CommentStatus.Pending), null));
        for (var i = 0; i < 4; i++) all.Add((New(hot, Between(hotFrom), CommentStatus.Spam), null));

        // The rest: articles in a random order of popularity, comments drawn with weights 1/rank^0.6.
        var others = articles.Where(a => a != hot).OrderBy(_ => random.Next()).ToList();
        var cumulative = new double[others.Count];
        var sum = 0.0;
        for (var i = 0; i < others.Count; i++) cumulative[i] = sum += 1 / Math.Pow(i + 1, 0.6);
        var perArticle = new int[others.Count];
        for (var n = all.Count; n < size.Comments; n++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            perArticle[index < 0 ? ~index : index]++;
        }

        for (var a = 0; a < others.Count; a++)
        {
            var article = others[a];
            var from = article.PublishedUtc!.Value;
            var approved = new List<(Comment Comment, int Depth)>();
            foreach (var at in Enumerable.Range(0, perArticle[a]).Select(_ => Between(from)).Order())
            {
                var roll = random.NextDouble();
                var status = roll < 0.6 ? CommentStatus.Approved : roll < 0.9 ? CommentStatus.Pending : CommentStatus.Spam;
                var comment = New(article, at, status);
                (Comment Comment, int Depth)? parent = status != CommentStatus.Spam && approved.Count > 0 && random.NextDouble() < 0.25
                    ? approved[Math.Max(0, approved.Count - 1 - random.Next(10))]
                    : null;
                if (parent?.Depth >= 4) parent = null;
                all.Add((comment, parent?.Comment));
                if (status == CommentStatus.Approved) approved.Add((comment, (parent?.Depth ?? 0) + 1));
            }
        }

        // Ids in time order, as a live site gives them; a reply always comes after its parent.
        var ordered = all.OrderBy(x => x.Comment.CreatedUtc).ToList();
        for (var i = 0; i < ordered.Count; i++) ordered[i].Comment.Id = i + 1;
        foreach (var (comment, parent) in ordered) comment.ParentId = parent?.Id;
        return ordered.Select(x => x.Comment).ToList();
    }

    /// <summary>What a prepared site is made from: the generator, the size, the setup recipe and the migrations.</summary>
    private static async Task<string> KeyAsync(SiteSize size)
    {
        var key = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{GeneratorVersion}|{size}|")
            .Append(await File.ReadAllTextAsync(Paths.SetupRecipe));
        var probe = Path.Combine(Paths.WorkRoot, "probe-migrations");
        await using (var services = ModuleServices(probe))
        {
            await using var scope = services.CreateAsyncScope();
            key.AppendJoin(',', scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>().Database.GetMigrations());
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..12];
    }
}
