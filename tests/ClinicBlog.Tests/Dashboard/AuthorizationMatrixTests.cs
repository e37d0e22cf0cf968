using System.Net;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Tests.Articles;
using ClinicBlog.Tests.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Dashboard;

/// <summary>
/// Every /admin page and every action on it, for each kind of visitor: sent to sign-in, refused, or let through.
/// A page or handler that is not in <see cref="Matrix"/> fails the test: adding one means deciding who may use it.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    public enum Visitor { Anonymous, GuestAuthor, Moderator, Editor, Administrator }

    private enum Outcome { SignIn, Denied, Allowed }

    private static readonly Visitor[] Everyone = Enum.GetValues<Visitor>();
    private static readonly Visitor[] SignedIn = [Visitor.GuestAuthor, Visitor.Moderator, Visitor.Editor, Visitor.Administrator];
    private static readonly Visitor[] Moderators = [Visitor.Moderator, Visitor.Editor, Visitor.Administrator];
    private static readonly Visitor[] Writers = [Visitor.GuestAuthor, Visitor.Editor, Visitor.Administrator];
    private static readonly Visitor[] Editors = [Visitor.Editor, Visitor.Administrator];
    private static readonly Visitor[] Admins = [Visitor.Administrator];

    private const string ArticleId = "4articleiastmfootpain0000a";
    private const string AuthorId = "4authorjoefleming00000000a";

    /// <summary>(method, route, handler) → who gets through. The article and author are the seed's (nobody's own).</summary>
    private static readonly Dictionary<(string Method, string Route, string Handler), Visitor[]> Matrix = new()
    {
        [("GET", "admin", "")] = SignedIn,
        [("GET", "admin/sign-in", "")] = Everyone,
        [("POST", "admin/sign-in", "")] = Everyone,
        [("GET", "admin/sign-out", "")] = SignedIn,
        [("POST", "admin/sign-out", "")] = SignedIn,
        [("GET", "admin/denied", "")] = Everyone,
        [("GET", "admin/forgot-password", "")] = Everyone,
        [("POST", "admin/forgot-password", "")] = Everyone,
        [("GET", "admin/reset-password", "")] = Everyone,
        [("POST", "admin/reset-password", "")] = Everyone,
        [("GET", "admin/accept-invitation", "")] = Everyone,
        [("POST", "admin/accept-invitation", "")] = Everyone,
        [("GET", "admin/account/password", "")] = SignedIn,
        [("POST", "admin/account/password", "")] = SignedIn,

        [("GET", "admin/comments", "")] = Moderators,
        [("POST", "admin/comments", "Act")] = Moderators,
        [("GET", "admin/comments/delete", "")] = Moderators,
        [("GET", "admin/comments/empty", "")] = Moderators,
        [("GET", "admin/comments/{id:long}/edit", "")] = Moderators,
        [("POST", "admin/comments/{id:long}/edit", "")] = Moderators,
        [("GET", "admin/comments/{id:long}/reply", "")] = Moderators,
        [("POST", "admin/comments/{id:long}/reply", "")] = Moderators,

        [("GET", "admin/articles", "")] = Writers,
        [("GET", "admin/articles/new", "")] = Writers,
        [("POST", "admin/articles/new", "")] = Writers,
        [("POST", "admin/articles/new", "Preview")] = Writers,
        [("POST", "admin/articles/new", "Publish")] = Editors,
        [("POST", "admin/articles/new", "Submit")] = Writers,
        [("POST", "admin/articles/new", "Autosave")] = Writers,
        [("GET", "admin/articles/review", "")] = Editors,
        [("GET", "admin/articles/preview", "")] = Writers,
        [("POST", "admin/articles/preview", "")] = Writers,
        [("GET", "admin/articles/{id}", "")] = Editors,
        [("POST", "admin/articles/{id}", "")] = Editors,
        [("POST", "admin/articles/{id}", "Preview")] = Editors,
        [("POST", "admin/articles/{id}", "Publish")] = Editors,
        [("POST", "admin/articles/{id}", "Submit")] = Editors,
        [("POST", "admin/articles/{id}", "Unpublish")] = Editors,
        [("POST", "admin/articles/{id}", "Autosave")] = Editors,
        [("POST", "admin/articles/{id}", "Schedule")] = Editors,
        [("POST", "admin/articles/{id}", "CancelSchedule")] = Editors,
        [("POST", "admin/articles/{id}", "RequestChanges")] = Editors,
        [("POST", "admin/articles/{id}", "Withdraw")] = Editors,
        [("GET", "admin/articles/{id}/history", "")] = Editors,
        [("POST", "admin/articles/{id}/history", "Restore")] = Editors,
        [("GET", "admin/articles/{id}/diff", "")] = Editors,
        [("GET", "admin/articles/{id}/delete", "")] = Editors,
        [("POST", "admin/articles/{id}/delete", "")] = Editors,

        [("GET", "admin/authors", "")] = Editors,
        [("GET", "admin/authors/new", "")] = Editors,
        [("POST", "admin/authors/new", "")] = Editors,
        [("POST", "admin/authors/new", "Preview")] = Editors,
        [("GET", "admin/authors/preview", "")] = Editors,
        [("POST", "admin/authors/preview", "")] = Editors,
        [("GET", "admin/authors/{id}", "")] = Editors,
        [("POST", "admin/authors/{id}", "")] = Editors,
        [("POST", "admin/authors/{id}", "Preview")] = Editors,
        [("GET", "admin/authors/{id}/delete", "")] = Editors,
        [("POST", "admin/authors/{id}/delete", "")] = Editors,
        [("GET", "admin/authors/invite", "")] = Editors,
        [("POST", "admin/authors/invite", "")] = Editors,
        // A guest author's own bio: the seed's bios are nobody's, so here each visitor has none to change.
        [("GET", "admin/me/bio", "")] = Writers,
        [("POST", "admin/me/bio", "")] = Writers,
        [("POST", "admin/me/bio", "Preview")] = Writers,
        [("POST", "admin/me/bio", "Render")] = Writers,

        [("GET", "admin/users", "")] = Admins,
        [("GET", "admin/users/invite", "")] = Admins,
        [("POST", "admin/users/invite", "")] = Admins,
        [("GET", "admin/users/{id}", "")] = Admins,
        [("POST", "admin/users/{id}", "Roles")] = Admins,
        [("POST", "admin/users/{id}", "Disable")] = Admins,
        [("POST", "admin/users/{id}", "Enable")] = Admins,
        [("POST", "admin/users/{id}", "Resend")] = Admins,
        [("GET", "admin/roles", "")] = Admins,
        [("POST", "admin/roles", "")] = Admins,
        [("GET", "admin/roles/{name}", "")] = Admins,
        [("POST", "admin/roles/{name}", "")] = Admins,
        [("POST", "admin/roles/{name}", "Delete")] = Admins,
        [("GET", "admin/settings", "")] = Admins,
        [("POST", "admin/settings", "")] = Admins,
        [("GET", "admin/audit", "")] = Admins,
    };

    private readonly TempDirectory folder = new();
    private SiteFactory factory = null!;
    private readonly Dictionary<Visitor, HttpClient> clients = [];
    private long commentId;
    private string userId = "";

    public async Task InitializeAsync()
    {
        factory = new SiteFactory(folder.Path, SetupSettings.Default);
        clients[Visitor.Anonymous] = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        clients[Visitor.GuestAuthor] = (await StaffSession.NewUserAsync(factory, "matrix-guest", "GuestAuthor")).Client;
        clients[Visitor.Moderator] = (await StaffSession.NewUserAsync(factory, "matrix-moderator", "Moderator")).Client;
        clients[Visitor.Editor] = (await StaffSession.NewUserAsync(factory, "matrix-editor", "Editor")).Client;
        clients[Visitor.Administrator] = (await StaffSession.AdminAsync(factory)).Client;

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var comment = new Comment { ArticleId = ArticleId, AuthorName = "Matrix Reader", Body = "A comment to act on.", Status = CommentStatus.Pending, CreatedUtc = DateTime.UtcNow };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        commentId = comment.Id;
        userId = (await scope.ServiceProvider.GetRequiredService<UserManager<ClinicBlogUser>>().FindByNameAsync("matrix-editor"))!.Id;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in clients.Values) client.Dispose();
        await factory.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task Every_admin_page_and_action_is_in_the_matrix_and_the_matrix_names_only_real_ones()
    {
        var actual = await AdminActionsAsync();
        var missing = actual.Except(Matrix.Keys).Select(Describe).ToList();
        var stale = Matrix.Keys.Except(actual).Select(Describe).ToList();
        Assert.True(missing.Count == 0, "Decide who may use these, in AuthorizationMatrixTests.Matrix:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "The matrix names pages or handlers that do not exist:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task Each_visitor_gets_only_what_their_role_allows()
    {
        var wrong = new List<string>();
        // Least privileged first: an administrator's delete cannot hide what a guest author would have been refused.
        foreach (var visitor in Everyone)
        {
            var client = clients[visitor];
            var token = await TokenAsync(client, visitor);
            // Deletes last, and signing out after everything else.
            foreach (var ((method, route, handler), allowed) in Matrix.OrderBy(e =>
                         e.Key == ("POST", "admin/sign-out", "") ? 2 : e.Key.Method == "POST" && e.Key.Route.Contains("delete", StringComparison.Ordinal) ? 1 : 0))
            {
                var path = "/" + route.Replace("{id:long}", commentId.ToString()).Replace("{name}", "Moderator")
                    .Replace("{id}", route.StartsWith("admin/articles", StringComparison.Ordinal) ? ArticleId
                        : route.StartsWith("admin/authors", StringComparison.Ordinal) ? AuthorId : userId);
                if (handler.Length > 0) path += "?handler=" + handler;
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST") request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
                using var response = await client.SendAsync(request);
                // The "not allowed" page answers 403 to everyone: that is its content, not a refusal.
                var outcome = route == "admin/denied" && response.StatusCode == HttpStatusCode.Forbidden ? Outcome.Allowed : Classify(response);
                var expected = allowed.Contains(visitor) ? Outcome.Allowed : visitor == Visitor.Anonymous ? Outcome.SignIn : Outcome.Denied;
                if (outcome != expected)
                    wrong.Add($"{visitor,-13} {method,-4} {path}: expected {expected}, got {outcome} ({(int)response.StatusCode} {response.Headers.Location})");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static Outcome Classify(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        if (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/admin/sign-in", StringComparison.Ordinal)) return Outcome.SignIn;
        if (response.StatusCode == HttpStatusCode.Forbidden || location.Contains("/admin/denied", StringComparison.Ordinal)) return Outcome.Denied;
        return Outcome.Allowed;
    }

    /// <summary>An antiforgery token for this visitor's session (any form's token serves every form of the session).</summary>
    private static async Task<string> TokenAsync(HttpClient client, Visitor visitor)
    {
        var html = await client.GetStringAsync(visitor == Visitor.Anonymous ? "/admin/sign-in" : "/admin/account/password");
        return Html.Parse(html).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    /// <summary>Every (method, route, handler) the site answers under /admin, read from its own endpoints and page handlers.</summary>
    private async Task<HashSet<(string, string, string)>> AdminActionsAsync()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var loader = factory.Services.GetRequiredService<PageLoader>();
        var actions = new HashSet<(string, string, string)>();
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
            if (!(route == "admin" || route.StartsWith("admin/", StringComparison.Ordinal))) continue;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                actions.Add(("?", route, "not a page: add it to the matrix test"));
                continue;
            }

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            foreach (var h in compiled.HandlerMethods)
                actions.Add((h.HttpMethod.ToUpperInvariant(), route, h.Name ?? ""));
            // A page without an OnGet still answers GET.
            if (!compiled.HandlerMethods.Any(h => h.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase) && h.Name is null))
                actions.Add(("GET", route, ""));
        }

        return actions;
    }

    private static string Describe((string Method, string Route, string Handler) a) =>
        $"{a.Method} /{a.Route}{(a.Handler.Length > 0 ? "?handler=" + a.Handler : "")}";
}
