using Microsoft.Extensions.Caching.Memory;

namespace ClinicBlog.Caching;

/// <summary>
/// What public pages are built from (an article, its thread, the site's settings), kept in memory under the page tags it
/// shows up under. A reader the output cache cannot serve (signed in, or with a cookie of their own) still gets a fresh
/// render, but not a fresh trip to the database for what every reader sees.
/// </summary>
/// <remarks>
/// An entry remembers the clock (<see cref="CacheVersions.Now"/>) from before it was read; it stands while none of its
/// tags has changed since. A change saved while it was being read marks it stale at once: the writer saves, then
/// invalidates, so either the read saw the change or the change is newer than the entry.
/// </remarks>
internal sealed class PageDataCache(CacheVersions versions) : IDisposable
{
    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    private sealed record Entry(object? Value, string[] Tags, long ReadAt);

    /// <summary>A value kept under <paramref name="key"/> while its tags are unchanged; <paramref name="load"/> gives the
    /// value and its tags, or null tags for a value not to keep (a page that does not exist, say).</summary>
    public Task<T> GetAsync<T>(string key, Func<Task<(T Value, string[]? Tags)>> load) => GetAsync(key, _ => load());

    /// <summary>As above; <paramref name="load"/> is given the number of this reading, unique to it, for naming what
    /// is made from the value (markup cached with it, see <c>SharedKey</c>).</summary>
    public async Task<T> GetAsync<T>(string key, Func<long, Task<(T Value, string[]? Tags)>> load)
    {
        if (entries.TryGetValue(key, out Entry? entry) && entry is not null && IsCurrent(entry)) return (T)entry.Value!;
        var readAt = versions.Now;
        var (value, tags) = await load(readAt);
        if (tags is not null)
        {
            entries.Set(key, new Entry(value, [.. tags, PageTags.Site], readAt),
                new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        }

        return value;
    }

    private bool IsCurrent(Entry entry)
    {
        foreach (var tag in entry.Tags)
        {
            if (versions.LastChanged(tag) > entry.ReadAt) return false;
        }

        return true;
    }

    public void Dispose() => entries.Dispose();
}
