using ClinicBlog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Authors.Admin;

internal sealed record AuthorRow(string Id, string DisplayName, string Credentials, int PublishedArticles, int AllArticles, string? Account);

[Authorize(Policy = Permissions.ManageAuthors)]
internal sealed class IndexModel(ClinicBlogDbContext db) : PageModel
{
    public IReadOnlyList<AuthorRow> Authors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await db.Authors.AsNoTracking().OrderBy(a => a.DisplayName)
            .Select(a => new
            {
                a.ContentItemId, a.DisplayName, a.Credentials, a.UserId,
                Published = db.Articles.Count(x => x.AuthorBioId == a.ContentItemId && x.Published != null),
                All = db.Articles.Count(x => x.AuthorBioId == a.ContentItemId),
            })
            .ToListAsync(ct);
        var userIds = rows.Select(r => r.UserId).OfType<string>().ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => AuthorBioEditor.AccountName(u.DisplayName, u.UserName), ct);
        Authors = rows.Select(r => new AuthorRow(r.ContentItemId, r.DisplayName, r.Credentials, r.Published, r.All,
            r.UserId is not null && accounts.TryGetValue(r.UserId, out var name) ? name : null)).ToList();
    }
}
