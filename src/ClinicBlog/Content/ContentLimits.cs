namespace ClinicBlog.Content;

/// <summary>How long the words of articles and author bios may be, in characters, as stored (trimmed).</summary>
/// <remarks>
/// One place for the dashboard's editors, the recipe's <c>Content</c> step and the database's columns, so that a recipe
/// can never store what an editor would refuse (a 50 MB body, say), nor an editor what a recipe would.
/// </remarks>
internal static class ContentLimits
{
    /// <summary>Orchard Core's ContentItemId: 1 to 26 letters and digits.</summary>
    public const int ContentItemId = 26;

    /// <summary>The article editor's fields and the GuestArticle's parts in a recipe.</summary>
    public static class Article
    {
        public const int Title = 200;
        public const int Summary = 1_000;
        public const int Tag = 50;
        public const int ImageAlt = 300;
        public const int Markdown = 200_000;
    }

    /// <summary>The author bio editor's fields and the AuthorBio's parts in a recipe.</summary>
    public static class Author
    {
        public const int Name = 100;
        public const int Credentials = 60;
        public const int Headline = 200;
        public const int Bio = 20_000;
    }
}
