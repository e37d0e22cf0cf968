using System.Collections.Concurrent;

namespace ClinicBlog.Caching;

/// <summary>When each cache tag last changed, as a number on one clock that only moves forward.</summary>
/// <remarks>
/// <see cref="PageCache"/> moves a tag on whenever it evicts it, here or on word from another node. Data a page is
/// built from is kept in <see cref="PageDataCache"/> under the tags of that page: the invalidation that evicts the page
/// also retires what it was made of, with no second list of what depends on what.
/// </remarks>
internal sealed class CacheVersions
{
    private readonly ConcurrentDictionary<string, long> changed = new(StringComparer.Ordinal);
    private long now;

    /// <summary>The clock: every change so far has a number at most this.</summary>
    public long Now => Interlocked.Read(ref now);

    /// <summary>The number of the tag's last change (0: none since start-up).</summary>
    public long LastChanged(string tag) => changed.GetValueOrDefault(tag);

    internal void MoveOn(string tag)
    {
        var at = Interlocked.Increment(ref now);
        changed.AddOrUpdate(tag, at, (_, before) => Math.Max(before, at));
    }
}
