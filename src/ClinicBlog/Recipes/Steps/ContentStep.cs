using System.Text.Json.Nodes;
using ClinicBlog.Articles;
using ClinicBlog.Authors;
using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Recipes.Steps;

/// <summary><c>Content</c>: author bios and articles in Orchard's content item shape, created or updated by ContentItemId.</summary>
/// <remarks>
/// An item with <c>Published</c> sets what readers see; one with <c>Latest</c> sets the newest edit. An item that is
/// both (the usual case) sets both. Text is repaired of mojibake on the way in.
/// </remarks>
internal sealed class ContentStep(ClinicBlogDbContext db, TimeProvider clock) : IRecipeStep
{
    public string Name => "Content";

    // Properties of an item that are not parts.
    private static readonly HashSet<string> ItemKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "ContentItemId", "ContentItemVersionId", "ContentType", "DisplayText", "Latest", "Published", "ModifiedUtc",
        "PublishedUtc", "CreatedUtc", "Owner", "Author",
    };

    public async Task ValidateAsync(JsonObject step, RecipeStepInfo info, RecipeValidationContext context, RecipeErrors errors, CancellationToken ct)
    {
        if (step["data"] is not JsonArray data)
        {
            errors.Add(info, $"expected \"data\": [ content items ], found {RecipeJson.Describe(step["data"])}.");
            return;
        }

        // Ids first, so an article may name an author listed after it.
        foreach (var item in data.OfType<JsonObject>())
        {
            if (RecipeJson.String(item["ContentItemId"]) is { } id && RecipeJson.String(item["ContentType"]) is { } type)
                context.DefineItem(id, type);
        }

        var slugs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] is not JsonObject item)
            {
                errors.Add(info, $"data[{i}] must be a content item object, found {RecipeJson.Describe(data[i])}.");
                continue;
            }

            await ValidateItemAsync(item, i, info, context, errors, slugs, ct);
        }
    }

    private async Task ValidateItemAsync(JsonObject item, int index, RecipeStepInfo info, RecipeValidationContext context,
        RecipeErrors errors, Dictionary<string, string> slugs, CancellationToken ct)
    {
        var id = RecipeJson.String(item["ContentItemId"]);
        var type = RecipeJson.String(item["ContentType"]);
        var label = id is null ? $"data[{index}]" : $"item '{id}'";
        if (string.IsNullOrWhiteSpace(id) || id.Length > 26 || !id.All(char.IsAsciiLetterOrDigit))
            errors.Add(info, $"{label}: \"ContentItemId\" must be 1 to 26 letters and digits, found {item["ContentItemId"]?.ToJsonString() ?? "nothing"}.");
        if (string.IsNullOrWhiteSpace(type))
        {
            errors.Add(info, $"{label}: \"ContentType\" is missing: expected one of {string.Join(", ", ContentCatalog.ItemTypes)}.");
            return;
        }

        label = $"{label} ({type})";
        if (!ContentCatalog.ItemTypes.Contains(type))
        {
            errors.Add(info, $"{label}: content type '{type}' is unknown: a recipe can create {string.Join(" and ", ContentCatalog.ItemTypes)} items.");
            return;
        }

        if (!await context.IsTypeDefinedAsync(type, ct))
        {
            errors.Add(info, $"{label}: content type '{type}' is not defined: add it to a ContentDefinition step before this one.");
            return;
        }

        foreach (var key in new[] { "Published", "Latest" })
        {
            if (item[key] is { } flag && RecipeJson.Bool(flag) is null)
                errors.Add(info, $"{label}: \"{key}\" must be true or false, found {RecipeJson.Describe(flag)}.");
        }

        foreach (var key in new[] { "CreatedUtc", "ModifiedUtc", "PublishedUtc" })
        {
            if (item[key] is { } date && date.GetValueKind() != System.Text.Json.JsonValueKind.Null && RecipeJson.Utc(date) is null)
                errors.Add(info, $"{label}: \"{key}\" must be a date such as \"2025-04-08T14:00:00Z\", found {date.ToJsonString()}.");
        }

        var parts = await context.PartsOfAsync(type, ct);
        foreach (var (key, value) in item)
        {
            if (ItemKeys.Contains(key)) continue;
            if (!parts.Contains(key))
            {
                errors.Add(info, $"{label}: part '{key}' is not a part of content type '{type}' (its parts: {string.Join(", ", parts)}).");
                continue;
            }

            if (value is not JsonObject part)
            {
                errors.Add(info, $"{label}: part '{key}' must be an object, found {RecipeJson.Describe(value)}.");
                continue;
            }

            if (ContentCatalog.FieldsOfPart.TryGetValue(key, out var fields) && fields.Count > 0)
            {
                foreach (var (field, _) in part)
                {
                    if (!fields.Contains(field))
                        errors.Add(info, $"{label}: field '{key}.{field}' is unknown: expected some of {string.Join(", ", fields)}.");
                }
            }
        }

        var title = Title(item);
        if (string.IsNullOrWhiteSpace(title))
            errors.Add(info, $"{label}: the title is missing: expected \"TitlePart\": {{ \"Title\": \"...\" }} or \"DisplayText\".");
        if (item["MarkdownBodyPart"] is JsonObject body && body["Markdown"] is { } markdown && RecipeJson.String(markdown) is null)
            errors.Add(info, $"{label}: field 'MarkdownBodyPart.Markdown' must be text, found {RecipeJson.Describe(markdown)}.");

        var path = RecipeJson.String(item["AutoroutePart"]?["Path"]);
        if (!string.IsNullOrEmpty(path))
        {
            if (!Slug.IsValid(path))
                errors.Add(info, $"{label}: field 'AutoroutePart.Path' '{path}' is not an address: expected lowercase letters, digits and hyphens, such as '{Slug.From(title ?? "my-article")}'.");
            else if (slugs.TryGetValue($"{type}/{path}", out var other) && other != id)
                errors.Add(info, $"{label}: field 'AutoroutePart.Path' '{path}' is already the address of item '{other}'.");
            else
                slugs[$"{type}/{path}"] = id ?? "";
        }

        if (type.Equals(ContentDefinitions.GuestArticle, StringComparison.OrdinalIgnoreCase))
        {
            var authorIds = item["GuestArticle"]?["Author"]?["ContentItemIds"] as JsonArray;
            var authorId = authorIds?.Count == 1 ? RecipeJson.String(authorIds[0]) : null;
            if (authorId is null)
            {
                errors.Add(info, $"{label}: field 'GuestArticle.Author' must be {{ \"ContentItemIds\": [ \"<an AuthorBio's id>\" ] }} with exactly one id.");
            }
            else
            {
                var authorType = await context.ItemTypeAsync(authorId, ct);
                if (!string.Equals(authorType, ContentDefinitions.AuthorBio, StringComparison.OrdinalIgnoreCase))
                    errors.Add(info, $"{label}: field 'GuestArticle.Author' names '{authorId}', which is {(authorType is null ? "no item in this recipe or the site" : $"a {authorType}, not an AuthorBio")}: expected the ContentItemId of an AuthorBio.");
            }

            if (item["GuestArticle"]?["Tags"] is { } tags && (tags["TagNames"] is not JsonArray names || names.Any(n => RecipeJson.String(n) is null)))
                errors.Add(info, $"{label}: field 'GuestArticle.Tags' must be {{ \"TagNames\": [ \"Foot Pain\" ] }}.");
        }

        if (type.Equals(ContentDefinitions.AuthorBio, StringComparison.OrdinalIgnoreCase)
            && RecipeJson.String(item["AuthorBio"]?["Website"]?["Url"]) is { Length: > 0 } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add(info, $"{label}: field 'AuthorBio.Website' '{url}' is not a web address: expected one starting with https://.");
        }
    }

    public async Task ApplyAsync(JsonObject step, CancellationToken ct)
    {
        var items = ((JsonArray)step["data"]!).OfType<JsonObject>().ToList();
        // Authors first, so that articles can point at them in the same save.
        foreach (var item in items.Where(i => Is(i, ContentDefinitions.AuthorBio))) await ApplyAuthorAsync(item, ct);
        await db.SaveChangesAsync(ct);
        foreach (var item in items.Where(i => Is(i, ContentDefinitions.GuestArticle))) await ApplyArticleAsync(item, ct);
    }

    private async Task ApplyAuthorAsync(JsonObject item, CancellationToken ct)
    {
        var id = RecipeJson.String(item["ContentItemId"])!;
        var now = clock.GetUtcNow().UtcDateTime;
        var author = await db.Authors.FindAsync([id], ct);
        if (author is null)
        {
            author = new AuthorBio { ContentItemId = id, CreatedUtc = RecipeJson.Utc(item["CreatedUtc"]) ?? now };
            db.Authors.Add(author);
        }

        var part = item["AuthorBio"] as JsonObject;
        author.DisplayName = Text(Title(item));
        author.Slug = await UniqueAuthorSlugAsync(RecipeJson.String(item["AutoroutePart"]?["Path"]) is { Length: > 0 } path ? path : Slug.From(author.DisplayName), id, ct);
        author.Credentials = Text(FieldText(part, "Credentials"));
        author.Headline = Text(FieldText(part, "Headline"));
        author.BioMarkdown = Text(RecipeJson.String(item["MarkdownBodyPart"]?["Markdown"]));
        author.WebsiteUrl = Text(RecipeJson.String(part?["Website"]?["Url"]));
        author.WebsiteText = Text(RecipeJson.String(part?["Website"]?["Text"]));
        author.PhotoUrl = Text(FieldText(part, "PhotoUrl"));
        author.ModifiedUtc = RecipeJson.Utc(item["ModifiedUtc"]) ?? now;
    }

    private async Task ApplyArticleAsync(JsonObject item, CancellationToken ct)
    {
        var id = RecipeJson.String(item["ContentItemId"])!;
        var now = clock.GetUtcNow().UtcDateTime;
        // Find looks at items this step already added too: a recipe may list an item twice (published, then a newer draft).
        var article = await db.Articles.FindAsync([id], ct);
        if (article is null)
        {
            article = new GuestArticle { ContentItemId = id, CreatedUtc = RecipeJson.Utc(item["CreatedUtc"]) ?? now };
            db.Articles.Add(article);
        }

        var part = item["GuestArticle"] as JsonObject;
        var title = Text(Title(item));
        var path = RecipeJson.String(item["AutoroutePart"]?["Path"]);
        var version = new ArticleVersion
        {
            Title = title,
            Slug = await UniqueArticleSlugAsync(string.IsNullOrEmpty(path) ? Slug.From(title) : path, id, ct),
            Summary = Text(FieldText(part, "Summary")),
            Markdown = Text(RecipeJson.String(item["MarkdownBodyPart"]?["Markdown"])),
            Tags = ArticleVersion.JoinTags((part?["Tags"]?["TagNames"] as JsonArray ?? []).Select(RecipeJson.String).OfType<string>().Select(Text)),
            ImageUrl = Text(FieldText(part, "ImageUrl")),
            ImageAlt = Text(FieldText(part, "ImageAlt")),
        };

        article.AuthorBioId = RecipeJson.String(part!["Author"]!["ContentItemIds"]![0])!;
        article.ModifiedUtc = RecipeJson.Utc(item["ModifiedUtc"]) ?? now;
        if (item["CommentsPart"] is JsonObject comments && RecipeJson.Bool(comments["AllowComments"]) is { } open)
            article.CommentsOpen = open;

        var published = RecipeJson.Bool(item["Published"]) ?? false;
        var latest = RecipeJson.Bool(item["Latest"]) ?? true;
        if (latest) article.Latest = version;
        if (published)
        {
            if (article.Published is { } old && old.Slug != version.Slug)
                await RememberOldSlugAsync(old.Slug, id, ct);
            article.Published = latest ? version.Copy() : version;
            article.PublishedUtc = RecipeJson.Utc(item["PublishedUtc"]) ?? article.PublishedUtc ?? now;
            article.Status = ArticleStatus.Published;
        }
        else if (latest && article.Published is null)
        {
            article.Status = ArticleStatus.Draft;
        }
    }

    private async Task RememberOldSlugAsync(string oldSlug, string id, CancellationToken ct)
    {
        var redirect = await db.ArticleSlugRedirects.FindAsync([oldSlug], ct);
        if (redirect is null) db.ArticleSlugRedirects.Add(new ArticleSlugRedirect { OldSlug = oldSlug, ContentItemId = id });
        else redirect.ContentItemId = id;
    }

    private async Task<string> UniqueArticleSlugAsync(string slug, string id, CancellationToken ct)
    {
        // Another article's published address is taken even when its newer draft has moved elsewhere.
        var others = await db.Articles.Where(a => a.ContentItemId != id)
            .Select(a => new { Latest = a.Latest.Slug, Published = a.Published == null ? null : a.Published.Slug }).ToListAsync(ct);
        var taken = others.SelectMany(a => new[] { a.Latest, a.Published }).OfType<string>().ToList();
        taken.AddRange(db.Articles.Local.Where(a => a.ContentItemId != id)
            .SelectMany(a => new[] { a.Latest.Slug, a.Published?.Slug }).OfType<string>());
        var set = taken.ToHashSet(StringComparer.Ordinal);
        return Slug.Unique(slug, set.Contains);
    }

    private async Task<string> UniqueAuthorSlugAsync(string slug, string id, CancellationToken ct)
    {
        var taken = await db.Authors.Where(a => a.ContentItemId != id).Select(a => a.Slug).ToListAsync(ct);
        taken.AddRange(db.Authors.Local.Where(a => a.ContentItemId != id).Select(a => a.Slug));
        var set = taken.ToHashSet(StringComparer.Ordinal);
        return Slug.Unique(slug, set.Contains);
    }

    private static bool Is(JsonObject item, string type) =>
        string.Equals(RecipeJson.String(item["ContentType"]), type, StringComparison.OrdinalIgnoreCase);

    private static string? Title(JsonObject item) =>
        RecipeJson.String(item["TitlePart"]?["Title"]) is { Length: > 0 } t ? t : RecipeJson.String(item["DisplayText"]);

    /// <summary>Orchard's TextField: <c>{ "Text": "..." }</c>; a plain string is taken too.</summary>
    private static string? FieldText(JsonObject? part, string field) => part?[field] switch
    {
        JsonObject o => RecipeJson.String(o["Text"]),
        var v => RecipeJson.String(v),
    };

    private static string Text(string? value) => Mojibake.Repair(value ?? "").Trim();
}
