using Microsoft.Playwright;

namespace ClinicBlog.Tests.Browser;

/// <summary>One kind of page the site shows, and how a browser gets to it.</summary>
/// <param name="Name">The key tests use (theory data is the name, so each row is its own test case).</param>
/// <param name="Path">
/// Where it is; <c>{approved-comment}</c> and <c>{pending-comment}</c> stand for the seeded comments' ids, <c>{moderator}</c>
/// for the moderator account's id.
/// </param>
/// <param name="SignedInAs">Who opens it.</param>
/// <param name="Status">The status code it answers with.</param>
/// <param name="Site">Which site it is on.</param>
public sealed record PageTemplate(string Name, string Path, Visitor SignedInAs = Visitor.Reader, int Status = 200, SiteState Site = SiteState.SetUp)
{
    /// <summary>For a page that only a form post shows: what to do on <see cref="Path"/> to get there; returns the new document's response.</summary>
    public Func<IPage, Task<IResponse?>>? Then { get; init; }

    /// <summary>Opens the page in <paramref name="page"/> and returns the response of the document it shows.</summary>
    public async Task<IResponse> OpenAsync(IPage page, BrowserSite site)
    {
        var path = Path
            .Replace("{approved-comment}", site.ApprovedCommentId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{pending-comment}", site.PendingCommentId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{moderator}", site.ModeratorUserId, StringComparison.Ordinal);
        var response = await page.GotoAsync(path);
        if (Then is not null) response = await Then(page);
        Assert.NotNull(response);
        Assert.True(response.Status == Status, $"{Name} ({path}) answered {response.Status}, expected {Status}.");
        return response;
    }
}

/// <summary>
/// Every page template the site has today. A new page in the dashboard is one more row, e.g.
/// <c>new("moderation queue", "/admin/comments", Visitor.Administrator)</c>; every browser check (accessibility,
/// HTML validity, headers and console, the look) then covers it.
/// </summary>
public static class PageTemplates
{
    /// <summary>A comment with the email missing, sent from the comment page: the form comes back with the errors.</summary>
    private const string FormSlug = "iastm";

    /// <summary>"IASTM And Foot Pain", an article of the recipe, by its content item id.</summary>
    private const string ArticleId = "4articleiastmfootpain0000a";

    /// <summary>Joe Fleming's author bio, from the recipe.</summary>
    private const string AuthorId = "4authorjoefleming00000000a";

    public static readonly PageTemplate[] All =
    [
        // Public pages
        new("home", "/"),
        new("article with comments", $"/articles/{BrowserSite.ThreadSlug}"),
        new("reply form", $"/articles/{BrowserSite.ThreadSlug}/comments?replyto={{approved-comment}}"),
        new("comment form showing errors", $"/articles/{FormSlug}/comments", Status: 400) { Then = PostWithoutEmailAsync },
        new("author", "/authors/joe-fleming"),
        new("not found", "/no-such-page", Status: 404),
        new("expired email link", "/comments/confirm?token=expired", Status: 400),
        new("error", "/error", Status: 500),
        new("form too large", $"/articles/{FormSlug}/comments", Status: 413) { Then = PostAnOversizedCommentAsync },
        new("setup", "/setup", Site: SiteState.NotSetUp),

        // Signing in
        new("sign-in", "/admin/sign-in"),
        new("sign-in showing errors", "/admin/sign-in") { Then = SignInWithAWrongPasswordAsync },
        new("forgot password", "/admin/forgot-password"),
        new("reset password", "/admin/reset-password?user=nobody&token=expired"),
        new("not allowed", "/admin/denied", Status: 403),
        new("accept invitation, link not valid", "/admin/accept-invitation?user=nobody&token=expired", Status: 410),

        // The dashboard
        new("dashboard home", "/admin", Visitor.Administrator),
        new("dashboard home, moderator", "/admin", Visitor.Moderator),
        new("change password", "/admin/account/password", Visitor.Administrator),
        new("audit trail", "/admin/audit", Visitor.Administrator),
        new("article history", "/admin/articles/4articleiastmfootpain0000a/history", Visitor.Administrator),
        new("review queue", "/admin/articles/review", Visitor.Administrator),
        new("invite a guest author", "/admin/authors/invite", Visitor.Administrator),
        new("own bio", "/admin/me/bio", Visitor.Administrator),

        // Comments: the queue always holds the seeded pending comment (and the approved ones under their tab).
        new("moderation queue", "/admin/comments", Visitor.Administrator),
        new("moderation queue, moderator", "/admin/comments", Visitor.Moderator),
        new("moderation queue, approved", "/admin/comments?status=approved", Visitor.Administrator),
        new("comment edit", "/admin/comments/{pending-comment}/edit", Visitor.Moderator),
        new("comment reply", "/admin/comments/{approved-comment}/reply", Visitor.Administrator),

        // Articles and authors
        new("articles", "/admin/articles", Visitor.Administrator),
        new("new article", "/admin/articles/new", Visitor.Administrator),
        new("new article showing errors", "/admin/articles/new", Visitor.Administrator) { Then = SaveUntitledArticleAsync },
        new("article editor", $"/admin/articles/{ArticleId}", Visitor.Administrator),
        new("article delete", $"/admin/articles/{ArticleId}/delete", Visitor.Administrator),
        new("authors", "/admin/authors", Visitor.Administrator),
        new("new author", "/admin/authors/new", Visitor.Administrator),
        new("author editor", $"/admin/authors/{AuthorId}", Visitor.Administrator),

        // People and the site
        new("users", "/admin/users", Visitor.Administrator),
        new("user", "/admin/users/{moderator}", Visitor.Administrator),
        new("invite", "/admin/users/invite", Visitor.Administrator),
        new("roles", "/admin/roles", Visitor.Administrator),
        new("role", "/admin/roles/Moderator", Visitor.Administrator),
        new("settings", "/admin/settings", Visitor.Administrator),
        new("settings showing errors", "/admin/settings", Visitor.Administrator, Status: 400) { Then = SaveWithoutSiteNameAsync },
    ];

    public static TheoryData<string> Names => new(All.Select(t => t.Name));

    public static PageTemplate Named(string name) => All.Single(t => t.Name == name);

    /// <summary>"Save draft" on an empty editor: the form comes back with its errors, and nothing is stored.</summary>
    private static async Task<IResponse?> SaveUntitledArticleAsync(IPage page)
    {
        var response = await page.RunAndWaitForDocumentAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Save draft", Exact = true }).ClickAsync());
        await Assertions.Expect(page.Locator(".form-errors")).ToBeVisibleAsync();
        return response;
    }

    private static async Task<IResponse?> SaveWithoutSiteNameAsync(IPage page)
    {
        await page.GetByLabel("Site name", new() { Exact = true }).FillAsync("");
        var response = await page.RunAndWaitForDocumentAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Save settings", Exact = true }).ClickAsync());
        await Assertions.Expect(page.Locator(".form-errors")).ToBeVisibleAsync();
        return response;
    }

    private static async Task<IResponse?> SignInWithAWrongPasswordAsync(IPage page)
    {
        await page.GetByLabel("User name or email").FillAsync("nobody-here");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not the password");
        var response = await page.RunAndWaitForDocumentAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync());
        await Assertions.Expect(page.Locator(".form-errors")).ToBeVisibleAsync();
        return response;
    }

    /// <summary>A comment of 3 MB (pasted, say): the form is refused whole, with a page that says the limit.</summary>
    private static async Task<IResponse?> PostAnOversizedCommentAsync(IPage page)
    {
        await page.Locator("#comment-Name").FillAsync("Sam Ortiz");
        await page.Locator("#comment-Email").FillAsync("sam.ortiz@example.com");
        await page.Locator("#comment-Body").EvaluateAsync("(area) => { area.value = 'heel pain '.repeat(300000); }");
        return await page.RunAndWaitForDocumentAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync());
    }

    private static async Task<IResponse?> PostWithoutEmailAsync(IPage page)
    {
        await page.Locator("#comment-Body").FillAsync("Does IASTM help with heel pain that comes back every spring?");
        await page.Locator("#comment-Name").FillAsync("Sam Ortiz");
        return await page.RunAndWaitForDocumentAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync());
    }
}
