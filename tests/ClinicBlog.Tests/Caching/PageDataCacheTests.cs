using ClinicBlog.Caching;

namespace ClinicBlog.Tests.Caching;

/// <summary>The in-memory page data: kept while its tags stand, retired by the invalidation that evicts its pages.</summary>
public sealed class PageDataCacheTests : IDisposable
{
    private readonly CacheVersions versions = new();
    private readonly PageDataCache cache;
    private int reads;

    public PageDataCacheTests() => cache = new PageDataCache(versions);

    public void Dispose() => cache.Dispose();

    private Task<string> ReadAsync(string key, string value, params string[] tags) =>
        cache.GetAsync(key, () =>
        {
            reads++;
            return Task.FromResult<(string, string[]?)>((value, tags));
        });

    [Fact]
    public async Task A_value_is_read_once_and_kept_until_one_of_its_tags_changes()
    {
        Assert.Equal("v1", await ReadAsync("thread|a", "v1", PageTags.Article("a")));
        Assert.Equal("v1", await ReadAsync("thread|a", "v2", PageTags.Article("a")));
        Assert.Equal(1, reads);

        versions.MoveOn(PageTags.Article("b"));
        Assert.Equal("v1", await ReadAsync("thread|a", "v2", PageTags.Article("a")));

        versions.MoveOn(PageTags.Article("a"));
        Assert.Equal("v2", await ReadAsync("thread|a", "v2", PageTags.Article("a")));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task A_change_to_the_site_retires_everything()
    {
        await ReadAsync("thread|a", "v1", PageTags.Article("a"));
        versions.MoveOn(PageTags.Site);

        Assert.Equal("v2", await ReadAsync("thread|a", "v2", PageTags.Article("a")));
    }

    [Fact]
    public async Task A_change_saved_while_the_value_was_being_read_is_not_hidden_by_it()
    {
        // The writer saves and invalidates while the reader is between its clock reading and its database read.
        var value = await cache.GetAsync("thread|a", () =>
        {
            versions.MoveOn(PageTags.Article("a"));
            return Task.FromResult<(string, string[]?)>(("read before the change was seen", [PageTags.Article("a")]));
        });
        Assert.Equal("read before the change was seen", value);

        Assert.Equal("fresh", await ReadAsync("thread|a", "fresh", PageTags.Article("a")));
    }

    [Fact]
    public async Task A_value_without_tags_is_not_kept()
    {
        await cache.GetAsync("article|missing", () => { reads++; return Task.FromResult<(string, string[]?)>(("none", null)); });
        await cache.GetAsync("article|missing", () => { reads++; return Task.FromResult<(string, string[]?)>(("none", null)); });

        Assert.Equal(2, reads);
    }
}
