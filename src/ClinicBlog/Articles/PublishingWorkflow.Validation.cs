using ClinicBlog.AuditTrail;
using ClinicBlog.Caching;
using ClinicBlog.Content;
using System.Globalization;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.EntityFrameworkCore;
using SlugText = ClinicBlog.Content.Slug;

namespace ClinicBlog.Articles;

/// <summary>The editor's form, checked and normalized, and the author it names.</summary>
internal sealed partial class PublishingWorkflow
{
    /// <summary>Checks and normalizes the form; the errors are keyed by <see cref="ArticleForm"/>'s property names.</summary>
    private async Task<(ArticleVersion? Version, Dictionary<string, string> Errors)> ValidateAsync(string id, ArticleForm form, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var title = Clean(form.Title);
        if (title.Length == 0) errors[nameof(ArticleForm.Title)] = "Please give the article a title.";
        else if (title.Length > ContentLimits.Article.Title) errors[nameof(ArticleForm.Title)] = $"The title can be at most {ContentLimits.Article.Title} characters; it has {title.Length}.";

        var summary = Clean(form.Summary);
        if (summary.Length > ContentLimits.Article.Summary)
            errors[nameof(ArticleForm.Summary)] = $"The summary can be at most {ContentLimits.Article.Summary} characters; it has {summary.Length}.";

        var tags = (form.Tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tags.FirstOrDefault(t => t.Length > ContentLimits.Article.Tag) is { } longTag)
            errors[nameof(ArticleForm.Tags)] = $"Each tag can be at most {ContentLimits.Article.Tag} characters; “{longTag[..20]}…” is longer. Separate tags with commas.";

        var imageUrl = Clean(form.ImageUrl);
        var imageAlt = Clean(form.ImageAlt);
        if (imageUrl.Length > 0 && !WebAddress.IsValid(imageUrl))
            errors[nameof(ArticleForm.ImageUrl)] = "The image address must be a full web address starting with https:// (or http://).";
        if (imageUrl.Length > 0 && imageAlt.Length == 0)
            errors[nameof(ArticleForm.ImageAlt)] = "Please describe the image for readers who cannot see it.";
        else if (imageAlt.Length > ContentLimits.Article.ImageAlt)
            errors[nameof(ArticleForm.ImageAlt)] = $"The image description can be at most {ContentLimits.Article.ImageAlt} characters.";

        var markdown = (form.Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (markdown.Length > ContentLimits.Article.Markdown)
            errors[nameof(ArticleForm.Markdown)] = $"The body can be at most {ContentLimits.Article.Markdown:N0} characters; it has {markdown.Length:N0}.";

        var slug = (form.Slug ?? "").Trim();
        if (slug.Length == 0)
        {
            var fromTitle = SlugText.From(title);
            if (fromTitle.Length > 0)
            {
                var taken = await TakenSlugsAsync(id, ct);
                slug = SlugText.Unique(fromTitle, taken.Contains);
            }
            else if (title.Length > 0)
            {
                errors[nameof(ArticleForm.Slug)] = "Please type an address: the title has no letters or digits to make one from.";
            }
        }
        else if (!SlugText.IsValid(slug))
        {
            errors[nameof(ArticleForm.Slug)] =
                $"The address may use only lowercase letters a–z, digits and single hyphens between them (at most {SlugText.MaxLength} characters), such as “{Suggest(slug, title)}”.";
        }
        else if (await SlugOwnerAsync(slug, id, ct) is { } other)
        {
            errors[nameof(ArticleForm.Slug)] = $"The address “{slug}” is already used by “{other}”. Please choose another.";
        }

        if (errors.Count > 0) return (null, errors);
        return (new ArticleVersion
        {
            Title = title,
            Slug = slug,
            Summary = summary,
            Markdown = markdown,
            Tags = ArticleVersion.JoinTags(tags),
            ImageUrl = imageUrl,
            ImageAlt = imageUrl.Length == 0 ? "" : imageAlt,
        }, errors);
    }

    /// <summary>The author must exist; a person who edits only their own articles writes only as a bio linked to them.</summary>
    private async Task CheckAuthorAsync(Actor actor, string? authorId, string? currentAuthorId, Dictionary<string, string> errors, CancellationToken ct)
    {
        const string field = nameof(ArticleForm.AuthorBioId);
        if (string.IsNullOrEmpty(authorId))
        {
            errors[field] = "Please choose the author.";
            return;
        }

        var author = await db.Authors.AsNoTracking().Where(a => a.ContentItemId == authorId).Select(a => new { a.UserId }).FirstOrDefaultAsync(ct);
        if (author is null)
        {
            errors[field] = "That author no longer exists; please choose another.";
            return;
        }

        if (!actor.Can(Permissions.EditAllArticles) && authorId != currentAuthorId && author.UserId != actor.UserId)
            errors[field] = "You can write only as your own author bio. If it is missing, ask an editor to link one to your account.";
    }

    /// <summary>Why the newest address cannot be published now (another article took it meanwhile), or null.</summary>
    private async Task<string?> SlugConflictAsync(GuestArticle article, CancellationToken ct) =>
        await SlugOwnerAsync(article.Latest.Slug, article.ContentItemId, ct) is { } other
            ? $"The address “{article.Latest.Slug}” is now used by “{other}”."
            : null;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static Dictionary<string, string> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = message };

    private static string Suggest(string typed, string title) =>
        SlugText.From(typed) is { Length: > 0 } fromTyped ? fromTyped : SlugText.From(title) is { Length: > 0 } fromTitle ? fromTitle : "my-article";

    private static string Clean(string? text) => (text ?? "").Trim();
}
