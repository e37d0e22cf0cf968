using ClinicBlog.Articles;
using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Authors;

/// <summary>An author page: the public parts of the bio and their published articles.</summary>
internal sealed record AuthorPageView(string Id, AuthorBox Bio, IReadOnlyList<ArticleSummary> Articles);

internal sealed class AuthorQueries(ClinicBlogDbContext db, ArticleQueries articles, MarkdownRenderer markdown)
{
    public async Task<AuthorPageView?> BySlugAsync(string slug, string linkRel, CancellationToken ct)
    {
        var author = await db.Authors.AsNoTracking().FirstOrDefaultAsync(a => a.Slug == slug, ct);
        if (author is null) return null;
        var box = new AuthorBox(author.DisplayName, author.Slug, author.Byline, author.Headline,
            markdown.RenderArticle(author.BioMarkdown, linkRel), author.WebsiteUrl, author.WebsiteText, author.PhotoUrl);
        return new AuthorPageView(author.ContentItemId, box, await articles.ByAuthorAsync(author.ContentItemId, ct));
    }
}
