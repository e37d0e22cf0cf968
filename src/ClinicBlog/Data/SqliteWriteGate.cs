using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicBlog.Data;

/// <summary>Lets one <c>SaveChanges</c> at a time write to a SQLite database; the others wait here, asynchronously.</summary>
/// <remarks>
/// SQLite has one writer at a time. When two connections race for it, Microsoft.Data.Sqlite answers the loser's
/// SQLITE_BUSY by sleeping 150 ms and trying again, so a burst of comments (each its own small write) crawled at about
/// 40 a second with every thread asleep. Waiting in turn here instead costs a write only the time of the writes ahead of
/// it (a fraction of a millisecond each); a <c>SaveChanges</c> with no changes does not wait at all. A <c>SaveChanges</c>
/// inside a transaction the caller opened is not gated: that transaction may already hold SQLite's lock, and making it
/// wait for a writer who waits for that lock would deadlock.
/// Such writes (a recipe, a bulk moderation action) are rare and fall back on SQLite's own retry.
/// </remarks>
internal sealed class SqliteWriteGate : SaveChangesInterceptor, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (ShouldGate(eventData.Context))
        {
            gate.Wait();
            Hold(eventData.Context!);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (ShouldGate(eventData.Context))
        {
            await gate.WaitAsync(cancellationToken);
            Hold(eventData.Context!);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public void Dispose() => gate.Dispose();

    // A SaveChanges with nothing to write writes nothing: it need not wait behind the writers in line.
    private static bool ShouldGate(DbContext? context) =>
        context is ClinicBlogDbContext { HoldsWriteGate: false } && context.Database.CurrentTransaction is null
        && context.ChangeTracker.HasChanges();

    private static void Hold(DbContext context) => ((ClinicBlogDbContext)context).HoldsWriteGate = true;

    private void Release(DbContext? context)
    {
        if (context is ClinicBlogDbContext { HoldsWriteGate: true } db)
        {
            db.HoldsWriteGate = false;
            gate.Release();
        }
    }
}
