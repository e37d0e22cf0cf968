using ClinicBlog.Data;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Articles;

/// <summary>One line of the history: a revision without its words.</summary>
internal sealed record RevisionRow(int Number, DateTime CreatedUtc, string UserName, string Note, string Title);

/// <summary>A field other than the body that differs between two revisions.</summary>
internal sealed record FieldChange(string Field, string Before, string After);

internal enum DiffLineKind
{
    Unchanged,
    Added,
    Removed,

    /// <summary>A run of unchanged lines left out; <see cref="DiffLine.Text"/> is empty, <see cref="DiffLine.Skipped"/> says how many.</summary>
    Skipped,
}

/// <summary>A line of the body's diff, with its numbers in the older and newer text (null where it has none).</summary>
internal sealed record DiffLine(DiffLineKind Kind, string Text, int? OldNumber, int? NewNumber, int Skipped = 0);

internal sealed record RevisionDiff(ArticleRevision From, ArticleRevision To, IReadOnlyList<FieldChange> Fields, IReadOnlyList<DiffLine> Lines)
{
    public bool BodyChanged => Lines.Any(l => l.Kind is DiffLineKind.Added or DiffLineKind.Removed);
}

/// <summary>An article's revisions, and what changed between any two: the fields, and the Markdown line by line.</summary>
/// <remarks>Reads only; whether this person may see the article is the page's question to <see cref="PublishingWorkflow"/>.</remarks>
internal sealed class ArticleHistory(ClinicBlogDbContext db)
{
    /// <summary>Unchanged lines kept around each change, as in a unified diff.</summary>
    public const int Context = 3;

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<RevisionRow>> ListAsync(string articleId, CancellationToken ct) =>
        await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == articleId)
            .OrderByDescending(r => r.Number)
            .Select(r => new RevisionRow(r.Number, r.CreatedUtc, r.UserName, r.Note, r.Words.Title))
            .ToListAsync(ct);

    /// <summary>What changed from revision <paramref name="from"/> to <paramref name="to"/>; null when either does not exist.</summary>
    public async Task<RevisionDiff?> DiffAsync(string articleId, int from, int to, CancellationToken ct)
    {
        var both = await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == articleId && (r.Number == from || r.Number == to)).ToListAsync(ct);
        var older = both.FirstOrDefault(r => r.Number == from);
        var newer = both.FirstOrDefault(r => r.Number == to);
        if (older is null || newer is null) return null;
        return new RevisionDiff(older, newer, FieldChanges(older.Words, newer.Words), LineDiff(older.Words.Markdown, newer.Words.Markdown));
    }

    public static IReadOnlyList<FieldChange> FieldChanges(ArticleVersion before, ArticleVersion after)
    {
        var fields = new (string Name, string Before, string After)[]
        {
            ("Title", before.Title, after.Title),
            ("Address", before.Slug, after.Slug),
            ("Summary", before.Summary, after.Summary),
            ("Tags", string.Join(", ", before.TagList), string.Join(", ", after.TagList)),
            ("Image address", before.ImageUrl, after.ImageUrl),
            ("Image description", before.ImageAlt, after.ImageAlt),
        };
        return fields.Where(f => f.Before != f.After).Select(f => new FieldChange(f.Name, f.Before, f.After)).ToList();
    }

    /// <summary>A line diff (DiffPlex's, whitespace counted) with long unchanged runs folded to <see cref="Context"/> lines each side.</summary>
    public static IReadOnlyList<DiffLine> LineDiff(string before, string after)
    {
        var model = InlineDiffBuilder.Diff(before.Replace("\r\n", "\n", StringComparison.Ordinal), after.Replace("\r\n", "\n", StringComparison.Ordinal),
            ignoreWhiteSpace: false, ignoreCase: false);
        var all = new List<DiffLine>(model.Lines.Count);
        int oldNumber = 0, newNumber = 0;
        foreach (var piece in model.Lines)
        {
            switch (piece.Type)
            {
                case ChangeType.Inserted:
                    all.Add(new DiffLine(DiffLineKind.Added, piece.Text ?? "", null, ++newNumber));
                    break;
                case ChangeType.Deleted:
                    all.Add(new DiffLine(DiffLineKind.Removed, piece.Text ?? "", ++oldNumber, null));
                    break;
                case ChangeType.Imaginary:
                    break;
                default:
                    all.Add(new DiffLine(DiffLineKind.Unchanged, piece.Text ?? "", ++oldNumber, ++newNumber));
                    break;
            }
        }

        // Keep the lines within Context of a change; fold each other run into one "n unchanged lines" marker.
        var keep = new bool[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Kind == DiffLineKind.Unchanged) continue;
            for (var j = Math.Max(0, i - Context); j <= Math.Min(all.Count - 1, i + Context); j++) keep[j] = true;
        }

        var lines = new List<DiffLine>();
        for (var i = 0; i < all.Count;)
        {
            if (keep[i])
            {
                lines.Add(all[i++]);
                continue;
            }

            var start = i;
            while (i < all.Count && !keep[i]) i++;
            lines.Add(new DiffLine(DiffLineKind.Skipped, "", all[start].OldNumber, all[start].NewNumber, i - start));
        }

        return lines;
    }
}
