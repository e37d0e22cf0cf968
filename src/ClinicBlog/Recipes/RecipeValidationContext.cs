using ClinicBlog.Content;
using ClinicBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Recipes;

/// <summary>What earlier steps of the same recipe will have created, so later steps can refer to it.</summary>
internal sealed class RecipeValidationContext(ClinicBlogDbContext db)
{
    private readonly HashSet<string> types = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> partsOfType = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> stored = new(StringComparer.Ordinal);
    private bool loaded;

    public void DefineType(string name, IEnumerable<string> parts)
    {
        types.Add(name);
        partsOfType[name] = new HashSet<string>(parts, StringComparer.OrdinalIgnoreCase);
    }

    public void DefineItem(string contentItemId, string contentType) => items[contentItemId] = contentType;

    public async Task<bool> IsTypeDefinedAsync(string name, CancellationToken ct)
    {
        await LoadAsync(ct);
        return types.Contains(name);
    }

    public async Task<IReadOnlySet<string>> PartsOfAsync(string type, CancellationToken ct)
    {
        await LoadAsync(ct);
        return partsOfType.TryGetValue(type, out var parts) ? parts : new HashSet<string>();
    }

    /// <summary>The type of an item defined earlier in the recipe or already in the database, or null.</summary>
    /// <remarks>The database is asked once per id: 100,000 articles of a site's own five authors ask five times.</remarks>
    public async Task<string?> ItemTypeAsync(string contentItemId, CancellationToken ct)
    {
        if (items.TryGetValue(contentItemId, out var type)) return type;
        if (stored.TryGetValue(contentItemId, out type)) return type;
        type = await db.Authors.AnyAsync(a => a.ContentItemId == contentItemId, ct) ? ContentDefinitions.AuthorBio
            : await db.Articles.AnyAsync(a => a.ContentItemId == contentItemId, ct) ? ContentDefinitions.GuestArticle
            : null;
        stored[contentItemId] = type;
        return type;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (loaded) return;
        loaded = true;
        var stored = await db.ContentDefinitions.AsNoTracking()
            .Where(d => d.Kind == ContentDefinitionRecord.TypeKind).ToListAsync(ct);
        foreach (var record in stored)
        {
            if (types.Contains(record.Name)) continue;
            var json = RecipeJson.Parse(record.Json)?.AsObject();
            DefineType(record.Name, json is null ? [] : ContentDefinitions.PartsOf(json));
        }
    }
}
