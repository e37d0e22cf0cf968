using System.Text.Json.Nodes;
using ClinicBlog.Articles;
using ClinicBlog.Content;
using ClinicBlog.Data;

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

    public async Task ValidateAsync(RecipeStepJson step, RecipeStepInfo info, RecipeValidationContext context, RecipeErrors errors, CancellationToken ct)
    {
        if (step.Data is not { } data)
        {
            errors.Add(info, $"expected \"data\": [ content items ], found {RecipeJson.Describe(step.Json["data"])}.");
            return;
        }

        // Ids first, so an article may name an author listed after it. Each item is read afresh from the recipe's
        // bytes when it is used and let go of afterwards (see RecipeItems).
        for (var i = 0; i < data.Count; i++)
        {
            if (!data.IsObject(i)) continue;
            var item = data.ReadObject(i);
            if (RecipeJson.String(item["ContentItemId"]) is { } id && RecipeJson.String(item["ContentType"]) is { } type)
                context.DefineItem(id, type);
        }

        var slugs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < data.Count; i++)
        {
            if (!data.IsObject(i))
            {
                errors.Add(info, $"data[{i}] must be a content item object, found {RecipeJson.Describe(data.Read(i))}.");
                continue;
            }

            await ValidateItemAsync(data.ReadObject(i), i, info, context, errors, slugs, ct);
        }
    }

    private async Task ValidateItemAsync(JsonObject item, int index, RecipeStepInfo info, RecipeValidationContext context,
        RecipeErrors errors, Dictionary<string, string> slugs, CancellationToken ct)
    {
        var id = RecipeJson.String(item["ContentItemId"]);
        var type = RecipeJson.String(item["ContentType"]);
        var label = id is null ? $"data[{index}]" : $"item '{Shown(id)}'";
        if (string.IsNullOrWhiteSpace(id) || id.Length > ContentLimits.ContentItemId || !id.All(char.IsAsciiLetterOrDigit))
            errors.Add(info, $"{label}: \"ContentItemId\" must be 1 to {ContentLimits.ContentItemId} letters and digits, found {item["ContentItemId"]?.ToJsonString() ?? "nothing"}.");
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

        var (title, titleField) = ContentItemJson.Title(item);
        if (string.IsNullOrWhiteSpace(title))
            errors.Add(info, $"{label}: the title is missing: expected \"TitlePart\": {{ \"Title\": \"...\" }} or \"DisplayText\".");
        if (item["MarkdownBodyPart"] is JsonObject body && body["Markdown"] is { } markdown && RecipeJson.String(markdown) is null)
            errors.Add(info, $"{label}: field 'MarkdownBodyPart.Markdown' must be text, found {RecipeJson.Describe(markdown)}.");

        var path = ContentItemJson.Path(item);
        if (!string.IsNullOrEmpty(path))
        {
            if (!Slug.IsValid(path))
                errors.Add(info, $"{label}: field 'AutoroutePart.Path' '{Shown(path)}' is not an address: expected lowercase letters, digits and hyphens (at most {Slug.MaxLength}), such as '{Slug.From(title ?? "my-article")}'.");
            else if (slugs.TryGetValue($"{type}/{path}", out var other) && other != id)
                errors.Add(info, $"{label}: field 'AutoroutePart.Path' '{path}' is already the address of item '{other}'.");
            else
                slugs[$"{type}/{path}"] = id ?? "";
        }

        var isArticle = type.Equals(ContentDefinitions.GuestArticle, StringComparison.OrdinalIgnoreCase);
        CheckLengths(item, isArticle, titleField, title, label, info, errors);

        if (isArticle)
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
    }

    /// <summary>The limits of the dashboard's editors (<see cref="ContentLimits"/>), and their rule for web addresses.</summary>
    private static void CheckLengths(JsonObject item, bool isArticle, string titleField, string? title, string label, RecipeStepInfo info, RecipeErrors errors)
    {
        var own = item[isArticle ? ContentDefinitions.GuestArticle : ContentDefinitions.AuthorBio] as JsonObject;
        var editor = isArticle ? "the article editor" : "the author editor";
        (string Field, string? Value, int Max)[] fields = isArticle
            ?
            [
                (titleField, title, ContentLimits.Article.Title),
                ("GuestArticle.Summary", ContentItemJson.FieldText(own, "Summary"), ContentLimits.Article.Summary),
                ("GuestArticle.ImageAlt", ContentItemJson.FieldText(own, "ImageAlt"), ContentLimits.Article.ImageAlt),
                ("MarkdownBodyPart.Markdown", ContentItemJson.Markdown(item), ContentLimits.Article.Markdown),
            ]
            :
            [
                (titleField, title, ContentLimits.Author.Name),
                ("AuthorBio.Credentials", ContentItemJson.FieldText(own, "Credentials"), ContentLimits.Author.Credentials),
                ("AuthorBio.Headline", ContentItemJson.FieldText(own, "Headline"), ContentLimits.Author.Headline),
                ("MarkdownBodyPart.Markdown", ContentItemJson.Markdown(item), ContentLimits.Author.Bio),
            ];
        foreach (var (field, value, max) in fields)
        {
            if (ContentItemJson.LengthOver(value, max) is { } length)
                errors.Add(info, $"{label}: field '{field}' is {length:N0} characters long: at most {max:N0} are allowed, as in {editor}.");
        }

        if (isArticle && ContentItemJson.TagNames(own).FirstOrDefault(t => ContentItemJson.LengthOver(t, ContentLimits.Article.Tag) is not null) is { } tag)
            errors.Add(info, $"{label}: field 'GuestArticle.Tags' has the tag '{Shown(tag)}' of {ContentItemJson.Text(tag).Length:N0} characters: each tag can be at most {ContentLimits.Article.Tag}, as in {editor}.");

        var addresses = isArticle
            ? new[] { ("GuestArticle.ImageUrl", ContentItemJson.FieldText(own, "ImageUrl")) }
            : [("AuthorBio.Website", RecipeJson.String(own?["Website"]?["Url"])), ("AuthorBio.PhotoUrl", ContentItemJson.FieldText(own, "PhotoUrl"))];
        foreach (var (field, url) in addresses)
        {
            if (ContentItemJson.Text(url) is { Length: > 0 } address && !WebAddress.IsValid(address))
                errors.Add(info, $"{label}: field '{field}' '{Shown(address)}' is not a web address: expected one starting with https:// (at most {WebAddress.MaxLength:N0} characters), as in {editor}.");
        }
    }

    /// <summary>A value as an error message quotes it: long ones cut, so a 50 MB field does not make a 50 MB message.</summary>
    private static string Shown(string value) => value.Length <= 60 ? value : value[..57] + "...";

    public async Task ApplyAsync(RecipeStepJson step, CancellationToken ct)
    {
        var data = step.Data!;
        var writer = await ContentWriter.LoadAsync(db, clock, ct);
        // Authors first, so that articles can point at them; a batch's items are read from the recipe as it is written.
        var articles = new List<int>();
        var authors = new List<JsonObject>(ContentWriter.BatchSize);
        for (var i = 0; i < data.Count; i++)
        {
            if (!data.IsObject(i)) continue;
            var item = data.ReadObject(i);
            if (ContentItemJson.Is(item, ContentDefinitions.GuestArticle)) articles.Add(i);
            if (!ContentItemJson.Is(item, ContentDefinitions.AuthorBio)) continue;
            authors.Add(item);
            if (authors.Count < ContentWriter.BatchSize) continue;
            await writer.WriteAuthorsAsync(authors, ct);
            authors = new List<JsonObject>(ContentWriter.BatchSize);
        }

        if (authors.Count > 0) await writer.WriteAuthorsAsync(authors, ct);
        foreach (var batch in articles.Chunk(ContentWriter.BatchSize))
            await writer.WriteArticlesAsync(batch.Select(data.ReadObject).ToList(), ct);
    }
}
