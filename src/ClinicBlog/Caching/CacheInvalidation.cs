namespace ClinicBlog.Caching;

/// <summary>A tag of cached pages to evict, written to the database so that every node of the site evicts it.</summary>
/// <remarks>Also how a change made by another process (<c>recipe apply</c>) reaches the running site's cache.</remarks>
internal sealed class CacheInvalidation
{
    public long Id { get; set; }
    public string Tag { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}
