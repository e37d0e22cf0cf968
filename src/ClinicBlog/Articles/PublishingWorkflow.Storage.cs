using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using System.Globalization;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.EntityFrameworkCore;
using SlugText = ClinicBlog.Content.Slug;

namespace ClinicBlog.Articles;

/// <summary>Revisions, addresses, loading and the cache: what the transitions read and write besides the article.</summary>
internal sealed partial class PublishingWorkflow
{
    /// <summary>The revisions this unit of work added, by article: a transition names the one its save just made.</summary>
    private readonly Dictionary<string, ArticleRevision> revisionsMadeHere = new(StringComparer.Ordinal);

    /// <summary>Keeps <see cref="GuestArticle.Latest"/> as a new revision with <paramref name="note"/>, in this unit of work.</summary>
    private async Task AddRevisionAsync(Actor actor, GuestArticle article, string note, CancellationToken ct)
    {
        var revision = new ArticleRevision
        {
            ArticleId = article.ContentItemId,
            Number = await NextRevisionNumberAsync(article.ContentItemId, ct),
            Words = article.Latest.Copy(),
            CreatedUtc = Now(),
            UserId = actor.UserId,
            UserName = Truncate(await ActorNameAsync(actor, ct), 100),
            Note = Truncate(note, ArticleRevision.MaxNoteLength),
        };
        db.ArticleRevisions.Add(revision);
        revisionsMadeHere[article.ContentItemId] = revision;
    }

    /// <summary>
    /// A transition (submitted, published…) names the revision it acted on: the one the same request's save just
    /// made ("Submit" saves, then submits: one revision), or else a new one of the words as they stand.
    /// </summary>
    private async Task MarkRevisionAsync(Actor actor, GuestArticle article, string note, CancellationToken ct)
    {
        if (revisionsMadeHere.TryGetValue(article.ContentItemId, out var made) && SameWords(made.Words, article.Latest))
        {
            made.Note = Truncate(made.Note is "saved" or "autosaved" ? note : $"{made.Note}, {note}", ArticleRevision.MaxNoteLength);
            return;
        }

        // Words unchanged here: one revision, even for an imported article that has none yet.
        await AddRevisionAsync(actor, article, note, ct);
    }

    /// <summary>
    /// An article that came from a recipe has no revisions: before its first change here, its words as they were
    /// become revision 1, so they can be compared with and restored.
    /// </summary>
    private async Task KeepImportedVersionAsync(GuestArticle article, CancellationToken ct)
    {
        if (revisionsMadeHere.ContainsKey(article.ContentItemId)) return;
        if (await db.ArticleRevisions.AnyAsync(r => r.ArticleId == article.ContentItemId, ct)) return;
        var revision = new ArticleRevision
        {
            ArticleId = article.ContentItemId,
            Number = 1,
            Words = article.Latest.Copy(),
            CreatedUtc = article.ModifiedUtc,
            UserName = "",
            Note = "as imported",
        };
        db.ArticleRevisions.Add(revision);
        revisionsMadeHere[article.ContentItemId] = revision;
    }

    private async Task<int> NextRevisionNumberAsync(string articleId, CancellationToken ct)
    {
        var stored = await db.ArticleRevisions.Where(r => r.ArticleId == articleId).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        var added = db.ChangeTracker.Entries<ArticleRevision>()
            .Where(e => e.State == EntityState.Added && e.Entity.ArticleId == articleId).Select(e => e.Entity.Number).DefaultIfEmpty(0).Max();
        return Math.Max(stored, added) + 1;
    }

    private async Task<string> ActorNameAsync(Actor actor, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(actor.Name)) return actor.Name;
        if (actor.UserId is null) return "";
        return await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId)
            .Select(u => u.DisplayName == "" ? u.UserName : u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
    }

    private Task<GuestArticle?> LoadAsync(string id, CancellationToken ct) =>
        db.Articles.Include(a => a.Author).FirstOrDefaultAsync(a => a.ContentItemId == id, ct);

    /// <summary>The title of another article that uses <paramref name="slug"/> as its published or newest address.</summary>
    private Task<string?> SlugOwnerAsync(string slug, string id, CancellationToken ct) =>
        db.Articles.AsNoTracking()
            .Where(a => a.ContentItemId != id && (a.Latest.Slug == slug || (a.Published != null && a.Published.Slug == slug)))
            .Select(a => a.Latest.Title).FirstOrDefaultAsync(ct);

    private async Task<HashSet<string>> TakenSlugsAsync(string id, CancellationToken ct)
    {
        var others = await db.Articles.AsNoTracking().Where(a => a.ContentItemId != id)
            .Select(a => new { Latest = a.Latest.Slug, Published = a.Published == null ? null : a.Published.Slug }).ToListAsync(ct);
        return others.SelectMany(a => new[] { a.Latest, a.Published }).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    private async Task RememberOldSlugAsync(string oldSlug, string id, CancellationToken ct)
    {
        var redirect = await db.ArticleSlugRedirects.FindAsync([oldSlug], ct);
        if (redirect is null) db.ArticleSlugRedirects.Add(new ArticleSlugRedirect { OldSlug = oldSlug, ContentItemId = id });
        else redirect.ContentItemId = id;
    }

    internal static bool SameWords(ArticleVersion a, ArticleVersion b) =>
        a.Title == b.Title && a.Slug == b.Slug && a.Summary == b.Summary && a.Markdown == b.Markdown && a.Tags == b.Tags
        && a.ImageUrl == b.ImageUrl && a.ImageAlt == b.ImageAlt;

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    /// <summary>Evicts the cached public pages that show this article: its page, the lists, its author's page.</summary>
    private Task InvalidateAsync(GuestArticle article, string? previousAuthorId, CancellationToken ct) =>
        cache.InvalidateAsync(new[] { PageTags.Article(article.ContentItemId), PageTags.ArticleList, PageTags.Author(article.AuthorBioId), previousAuthorId is null ? null : PageTags.Author(previousAuthorId) }.OfType<string>(), ct);
}
