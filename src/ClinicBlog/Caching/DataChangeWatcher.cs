using ClinicBlog.Articles;
using ClinicBlog.Authors;
using ClinicBlog.Comments;
using ClinicBlog.Content;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicBlog.Caching;

/// <summary>Retires the in-memory page data (<see cref="PageDataCache"/>) that a saved change makes stale, on this node.</summary>
/// <remarks>
/// Features still call <see cref="PageCache.InvalidateAsync(IEnumerable{string}, CancellationToken)"/> after a change:
/// that evicts cached pages and tells the other nodes. This is the safety net under the data cache: whatever saves a
/// setting, a definition, an article, a bio or a comment through the change tracker retires what was read of it here,
/// even a path that forgot to invalidate. Bulk statements (ExecuteUpdate) bypass it and invalidate themselves.
/// </remarks>
internal sealed class DataChangeWatcher(CacheVersions versions) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        MoveOn(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        MoveOn(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // A failed save changed nothing: the tags collected for it are dropped with the next Collect.

    private static void Collect(DbContext? context)
    {
        if (context is not ClinicBlogDbContext db) return;
        db.ChangedCacheTags.Clear();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case SiteSettings or CommentPolicySettings or ContentDefinitionRecord:
                    db.ChangedCacheTags.Add(PageTags.Site);
                    break;
                case GuestArticle article:
                    db.ChangedCacheTags.Add(PageTags.Article(article.ContentItemId));
                    db.ChangedCacheTags.Add(PageTags.ArticleList);
                    break;
                case AuthorBio author:
                    db.ChangedCacheTags.Add(PageTags.Author(author.ContentItemId));
                    break;
                case Comment comment:
                    db.ChangedCacheTags.Add(PageTags.Article(comment.ArticleId));
                    break;
            }
        }
    }

    private void MoveOn(DbContext? context)
    {
        if (context is not ClinicBlogDbContext db) return;
        foreach (var tag in db.ChangedCacheTags) versions.MoveOn(tag);
        db.ChangedCacheTags.Clear();
    }
}
