namespace ClinicBlog.Content;

/// <summary>The content types, parts and fields ClinicBlog can store and show; a recipe may use these and no others.</summary>
internal static class ContentCatalog
{
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> FieldsOfPart =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["TitlePart"] = Set(),
            ["AutoroutePart"] = Set(),
            ["MarkdownBodyPart"] = Set(),
            ["CommentsPart"] = Set(),
            [ContentDefinitions.GuestArticle] = Set("Author", "Summary", "Tags", "ImageUrl", "ImageAlt"),
            [ContentDefinitions.AuthorBio] = Set("Credentials", "Headline", "Website", "PhotoUrl"),
            [ContentDefinitions.Comment] = Set("Name", "Email", "Website", "Body"),
        };

    /// <summary>Types and the parts each may have; a type's own part carries its name.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> PartsOfType =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [ContentDefinitions.GuestArticle] = Set("TitlePart", "AutoroutePart", "MarkdownBodyPart", ContentDefinitions.GuestArticle, "CommentsPart"),
            [ContentDefinitions.AuthorBio] = Set("TitlePart", "AutoroutePart", "MarkdownBodyPart", ContentDefinitions.AuthorBio),
            [ContentDefinitions.Comment] = Set(ContentDefinitions.Comment),
        };

    /// <summary>Types a recipe's <c>Content</c> step can create items of (comments come from readers).</summary>
    public static readonly IReadOnlySet<string> ItemTypes = Set(ContentDefinitions.GuestArticle, ContentDefinitions.AuthorBio);

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.OrdinalIgnoreCase);
}
