namespace ClinicBlog.Articles;

/// <summary>What an editor types into the article form; the workflow validates and normalizes it.</summary>
/// <remarks>
/// Strings are nullable because an empty form field binds as null; nothing here is required by binding, so every
/// message a person sees comes from <see cref="PublishingWorkflow"/> in plain words.
/// </remarks>
internal sealed class ArticleForm
{
    public string? Title { get; set; }

    /// <summary>Made from the title when left empty.</summary>
    public string? Slug { get; set; }

    public string? Summary { get; set; }

    /// <summary>Comma-separated, as typed: "Foot Pain, IASTM".</summary>
    public string? Tags { get; set; }

    public string? AuthorBioId { get; set; }
    public string? ImageUrl { get; set; }
    public string? ImageAlt { get; set; }
    public bool CommentsOpen { get; set; } = true;
    public string? Markdown { get; set; }

    public static ArticleForm From(GuestArticle article) => new()
    {
        Title = article.Latest.Title,
        Slug = article.Latest.Slug,
        Summary = article.Latest.Summary,
        Tags = string.Join(", ", article.Latest.TagList),
        AuthorBioId = article.AuthorBioId,
        ImageUrl = article.Latest.ImageUrl,
        ImageAlt = article.Latest.ImageAlt,
        CommentsOpen = article.CommentsOpen,
        Markdown = article.Latest.Markdown,
    };
}
