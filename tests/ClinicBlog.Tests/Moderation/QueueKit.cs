using System.Net;
using System.Net.Http.Headers;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Privacy;
using ClinicBlog.Tests.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Moderation;

/// <summary>A comment to store directly, as the public form would have stored it.</summary>
internal sealed record NewComment(
    string Slug,
    string Name,
    string Email,
    string Body,
    CommentStatus Status = CommentStatus.Pending,
    DateTime? CreatedUtc = null,
    long? ParentId = null,
    string? Reason = "held: every comment is reviewed");

/// <summary>What the moderation tests share: signing in as each role, forms with their tokens, comments stored directly.</summary>
/// <remarks>Kept in this folder (not Support/) so parallel work on other dashboard pages cannot collide with it.</remarks>
internal static class QueueKit
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>A client that keeps its cookies and shows redirects, signed in with the given account.</summary>
    public static async Task<HttpClient> SignInAsync(SiteFactory factory, string login, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await TokenAsync(client, "/admin/sign-in");
        var response = await client.PostAsync("/admin/sign-in", Form((TokenField, token), ("Input.Login", login), ("Input.Password", password)));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in as {login}: {(int)response.StatusCode}");
        return client;
    }

    public static Task<HttpClient> AdminAsync(SetUpSite site) => SignInAsync(site.Factory, site.Setup.AdminUserName, site.Setup.AdminPassword);

    /// <summary>A new account in <paramref name="role"/>, signed in.</summary>
    public static async Task<HttpClient> SignInAsRoleAsync(SetUpSite site, string role)
    {
        var name = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        const string password = "a long password 12";
        await using (var scope = site.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ClinicBlogUser>>();
            var user = new ClinicBlogUser { UserName = name, Email = $"{name}@staff.example", EmailConfirmed = true, DisplayName = $"{role} {name[^4..]}" };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        return await SignInAsync(site.Factory, name, password);
    }

    /// <summary>The antiforgery token of the first form on a page (its cookie is kept by the client).</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await GetAsync(client, path);
        return Html.Parse(html).QuerySelector($"input[name={TokenField}]")?.GetAttribute("value")
               ?? throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    public static async Task<string> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}\n{html}");
        return html;
    }

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>Posts a queue action the way the page's forms do, with a token from <paramref name="pagePath"/>.</summary>
    public static async Task<HttpResponseMessage> ActAsync(HttpClient client, string what, IEnumerable<long> ids, string returnUrl = "/admin/comments",
        bool json = false, bool confirmed = false, string? tab = null, string pagePath = "/admin/comments")
    {
        var fields = new List<(string, string)> { (TokenField, await TokenAsync(client, pagePath)), ("Do", what), ("ReturnUrl", returnUrl) };
        fields.AddRange(ids.Select(id => ("Ids", id.ToString())));
        if (confirmed) fields.Add(("Confirmed", "true"));
        if (tab is not null) fields.Add(("Tab", tab));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/comments?handler=Act") { Content = Form([.. fields]) };
        if (json) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }

    /// <summary>Follows a 303 and returns the flash message the page shows.</summary>
    public static async Task<string?> FlashAfterAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var html = await GetAsync(client, response.Headers.Location!.OriginalString);
        return Html.Parse(html).QuerySelector(".flash")?.TextContent.Trim();
    }

    /// <summary>The ids of the rows a queue page shows, top to bottom.</summary>
    public static long[] RowIds(string html) =>
        Html.Parse(html).QuerySelectorAll("tr[data-comment-id]").Select(r => long.Parse(r.GetAttribute("data-comment-id")!)).ToArray();

    public static Task<string> ArticleIdAsync(SetUpSite site, string slug) =>
        site.Factory.QueryAsync(db => db.Articles.Where(a => a.Published != null && a.Published.Slug == slug).Select(a => a.ContentItemId).SingleAsync());

    /// <summary>Stores comments directly (protected email, keyed hash), in the order given; returns their ids.</summary>
    public static async Task<long[]> SeedAsync(SetUpSite site, params NewComment[] comments)
    {
        await using var scope = site.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var emails = scope.ServiceProvider.GetRequiredService<EmailProtector>();
        var articles = new Dictionary<string, string>();
        var rows = new List<Comment>();
        foreach (var c in comments)
        {
            if (!articles.TryGetValue(c.Slug, out var articleId))
            {
                articleId = await db.Articles.Where(a => a.Published != null && a.Published.Slug == c.Slug).Select(a => a.ContentItemId).SingleAsync();
                articles[c.Slug] = articleId;
            }

            var row = new Comment
            {
                ArticleId = articleId,
                ParentId = c.ParentId,
                AuthorName = c.Name,
                ProtectedEmail = emails.Protect(c.Email),
                EmailHash = await emails.HashAsync(c.Email),
                Body = c.Body,
                Status = c.Status,
                ModerationReason = c.Reason,
                CreatedUtc = c.CreatedUtc ?? DateTime.UtcNow,
            };
            rows.Add(row);
            db.Comments.Add(row);
        }

        await db.SaveChangesAsync();
        // Stored behind the site's back: evict the cached pages, as every real path that changes a thread does.
        await scope.ServiceProvider.GetRequiredService<ClinicBlog.Caching.PageCache>()
            .InvalidateAsync(articles.Values.Select(ClinicBlog.Caching.PageTags.Article));
        return rows.Select(r => r.Id).ToArray();
    }

    public static Task<Comment> CommentAsync(SetUpSite site, long id) =>
        site.Factory.QueryAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == id));

    public static Task<Dictionary<CommentStatus, int>> CountsAsync(SetUpSite site) =>
        site.Factory.QueryAsync(async db => (await db.Comments.GroupBy(c => c.Status).Select(g => new { g.Key, N = g.Count() }).ToListAsync())
            .ToDictionary(g => g.Key, g => g.N));

    /// <summary>A marker unique to one test, to find its comments by text.</summary>
    public static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];
}
