namespace ClinicBlog.Caching;

/// <summary>The tags public pages are cached under, so a change evicts exactly the pages that show it.</summary>
internal static class PageTags
{
    /// <summary>Every public page: the site's name, tagline and settings are on all of them.</summary>
    public const string Site = "site";

    /// <summary>Lists of articles (the home page and its pages).</summary>
    public const string ArticleList = "articles";

    public static string Article(string contentItemId) => "article:" + contentItemId;

    public static string Author(string contentItemId) => "author:" + contentItemId;
}
