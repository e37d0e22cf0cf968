using System.Text.Json.Nodes;
using ClinicBlog.Articles;
using ClinicBlog.Authors;
using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Recipes.Steps;

/// <summary>
/// Writes a Content step's validated items in batches, inside the recipe's one transaction: each batch reads the items
/// it updates in one query, saves, and lets go of what it tracked. The addresses in use are read once, up front, and
/// kept up to date here, so no item waits on a query of its own.
/// </summary>
/// <remarks>
/// Item by item, with every item tracked until the end, 100,000 articles had not finished after six minutes and had
/// grown to 2.4 GB: each item asked the database for every address in use, and the change tracker grew with each one.
/// </remarks>
internal sealed class ContentWriter
{
    /// <summary>Items per save. Objects that live as long as a batch outlive the young generation and are then freed
    /// only by a full collection: for 100,000 items the peak was 335 MB with batches of 100, 358 MB with 250 and 418 MB
    /// with 500, and 100 was no slower (inside one transaction, a save's fixed cost is small).</summary>
    internal const int BatchSize = 100;

    private readonly ClinicBlogDbContext db;
    private readonly DateTime now;

    // Every article's newest and published addresses, and every author's: an address another item holds is taken.
    private readonly SlugBook articleSlugs;
    private readonly SlugBook authorSlugs;

    private ContentWriter(ClinicBlogDbContext db, DateTime now, SlugBook articleSlugs, SlugBook authorSlugs)
    {
        this.db = db;
        this.now = now;
        this.articleSlugs = articleSlugs;
        this.authorSlugs = authorSlugs;
    }

    public static async Task<ContentWriter> LoadAsync(ClinicBlogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var articles = new SlugBook();
        await foreach (var a in db.Articles.AsNoTracking()
                           .Select(a => new { a.ContentItemId, Latest = a.Latest.Slug, Published = a.Published == null ? null : a.Published.Slug })
                           .AsAsyncEnumerable().WithCancellation(ct))
            articles.Set(a.ContentItemId, a.Latest, a.Published);

        var authors = new SlugBook();
        await foreach (var a in db.Authors.AsNoTracking().Select(a => new { a.ContentItemId, a.Slug }).AsAsyncEnumerable().WithCancellation(ct))
            authors.Set(a.ContentItemId, a.Slug, null);

        return new ContentWriter(db, clock.GetUtcNow().UtcDateTime, articles, authors);
    }

    public async Task WriteAuthorsAsync(IReadOnlyList<JsonObject> items, CancellationToken ct)
    {
        var ids = items.Select(i => ContentItemJson.Id(i)!).Distinct().ToList();
        var found = await db.Authors.Where(a => ids.Contains(a.ContentItemId)).ToDictionaryAsync(a => a.ContentItemId, StringComparer.Ordinal, ct);
        foreach (var item in items)
        {
            var id = ContentItemJson.Id(item)!;
            if (!found.TryGetValue(id, out var author))
            {
                author = new AuthorBio { ContentItemId = id, CreatedUtc = RecipeJson.Utc(item["CreatedUtc"]) ?? now };
                db.Authors.Add(author);
                found[id] = author;
            }

            var part = item[ContentDefinitions.AuthorBio] as JsonObject;
            author.DisplayName = ContentItemJson.Text(ContentItemJson.Title(item).Text);
            author.Slug = authorSlugs.Unique(ContentItemJson.Path(item) is { Length: > 0 } path ? path : Slug.From(author.DisplayName), id);
            authorSlugs.Set(id, author.Slug, null);
            author.Credentials = ContentItemJson.Text(ContentItemJson.FieldText(part, "Credentials"));
            author.Headline = ContentItemJson.Text(ContentItemJson.FieldText(part, "Headline"));
            author.BioMarkdown = ContentItemJson.Text(ContentItemJson.Markdown(item));
            author.WebsiteUrl = ContentItemJson.Text(RecipeJson.String(part?["Website"]?["Url"]));
            author.WebsiteText = ContentItemJson.Text(RecipeJson.String(part?["Website"]?["Text"]));
            author.PhotoUrl = ContentItemJson.Text(ContentItemJson.FieldText(part, "PhotoUrl"));
            author.ModifiedUtc = RecipeJson.Utc(item["ModifiedUtc"]) ?? now;
        }

        await SaveAndForgetAsync(ct);
    }

    public async Task WriteArticlesAsync(IReadOnlyList<JsonObject> items, CancellationToken ct)
    {
        var ids = items.Select(i => ContentItemJson.Id(i)!).Distinct().ToList();
        var found = await db.Articles.Where(a => ids.Contains(a.ContentItemId)).ToDictionaryAsync(a => a.ContentItemId, StringComparer.Ordinal, ct);
        // Old published address → the article it now leads to; the last word wins when a batch moves one twice.
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var id = ContentItemJson.Id(item)!;
            // A recipe may list an item twice (published, then a newer draft): the second finds the first here.
            if (!found.TryGetValue(id, out var article))
            {
                article = new GuestArticle { ContentItemId = id, CreatedUtc = RecipeJson.Utc(item["CreatedUtc"]) ?? now };
                db.Articles.Add(article);
                found[id] = article;
            }

            Apply(article, item, moved);
            articleSlugs.Set(id, article.Latest.Slug, article.Published?.Slug);
        }

        if (moved.Count > 0)
        {
            var oldSlugs = moved.Keys.ToList();
            var redirects = await db.ArticleSlugRedirects.Where(r => oldSlugs.Contains(r.OldSlug)).ToDictionaryAsync(r => r.OldSlug, StringComparer.Ordinal, ct);
            foreach (var (oldSlug, id) in moved)
            {
                if (redirects.TryGetValue(oldSlug, out var redirect)) redirect.ContentItemId = id;
                else db.ArticleSlugRedirects.Add(new ArticleSlugRedirect { OldSlug = oldSlug, ContentItemId = id });
            }
        }

        await SaveAndForgetAsync(ct);
    }

    private void Apply(GuestArticle article, JsonObject item, Dictionary<string, string> moved)
    {
        var id = article.ContentItemId;
        var part = item[ContentDefinitions.GuestArticle] as JsonObject;
        var title = ContentItemJson.Text(ContentItemJson.Title(item).Text);
        var path = ContentItemJson.Path(item);
        var version = new ArticleVersion
        {
            Title = title,
            Slug = articleSlugs.Unique(string.IsNullOrEmpty(path) ? Slug.From(title) : path, id),
            Summary = ContentItemJson.Text(ContentItemJson.FieldText(part, "Summary")),
            Markdown = ContentItemJson.Text(ContentItemJson.Markdown(item)),
            Tags = ArticleVersion.JoinTags(ContentItemJson.TagNames(part).Select(ContentItemJson.Text)),
            ImageUrl = ContentItemJson.Text(ContentItemJson.FieldText(part, "ImageUrl")),
            ImageAlt = ContentItemJson.Text(ContentItemJson.FieldText(part, "ImageAlt")),
        };

        article.AuthorBioId = RecipeJson.String(part!["Author"]!["ContentItemIds"]![0])!;
        article.ModifiedUtc = RecipeJson.Utc(item["ModifiedUtc"]) ?? now;
        if (item["CommentsPart"] is JsonObject comments && RecipeJson.Bool(comments["AllowComments"]) is { } open)
            article.CommentsOpen = open;

        var published = RecipeJson.Bool(item["Published"]) ?? false;
        var latest = RecipeJson.Bool(item["Latest"]) ?? true;
        if (latest) article.Latest = version;
        if (published)
        {
            if (article.Published is { } old && old.Slug != version.Slug) moved[old.Slug] = id;
            article.Published = latest ? version.Copy() : version;
            article.PublishedUtc = RecipeJson.Utc(item["PublishedUtc"]) ?? article.PublishedUtc ?? now;
            article.Status = ArticleStatus.Published;
        }
        else if (latest && article.Published is null)
        {
            article.Status = ArticleStatus.Draft;
        }
    }

    /// <summary>Saves the batch inside the recipe's transaction and stops tracking it: the next batch starts empty.</summary>
    private async Task SaveAndForgetAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}

/// <summary>The addresses items hold (up to two each: an article's newest and published), and whether one is free.</summary>
internal sealed class SlugBook
{
    private readonly Dictionary<string, int> holders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? First, string? Second)> byItem = new(StringComparer.Ordinal);

    /// <summary>Records the addresses <paramref name="id"/> holds now, in place of those it held before.</summary>
    public void Set(string id, string? first, string? second)
    {
        if (byItem.TryGetValue(id, out var before))
        {
            Release(before.First);
            Release(before.Second);
        }

        // An item that holds one address twice (newest and published alike) holds it once.
        if (second == first) second = null;
        Hold(first);
        Hold(second);
        byItem[id] = (first, second);
    }

    /// <summary>The first of "slug", "slug-2", "slug-3" … that no item other than <paramref name="id"/> holds.</summary>
    public string Unique(string slug, string id) => Slug.Unique(slug, s => IsTakenByOther(s, id));

    private bool IsTakenByOther(string slug, string id)
    {
        var own = byItem.TryGetValue(id, out var mine) && (mine.First == slug || mine.Second == slug) ? 1 : 0;
        return holders.GetValueOrDefault(slug) > own;
    }

    private void Hold(string? slug)
    {
        if (slug is not null) holders[slug] = holders.GetValueOrDefault(slug) + 1;
    }

    private void Release(string? slug)
    {
        if (slug is null || !holders.TryGetValue(slug, out var n)) return;
        if (n <= 1) holders.Remove(slug);
        else holders[slug] = n - 1;
    }
}
