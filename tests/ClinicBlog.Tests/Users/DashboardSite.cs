using System.Net;
using ClinicBlog.Data;
using ClinicBlog.Mail;
using ClinicBlog.Tests.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicBlog.Tests.Users;

/// <summary>A clock that runs with the real one, shifted by what a test adds (to age an invitation by a week).</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>
/// A site set up from the recipe for dashboard tests: sign-in cookies are re-checked on every request (so a changed
/// role or a disabled account shows at the next request, not a minute later), and the clock can be moved on.
/// </summary>
public class DashboardSite : IAsyncLifetime
{
    private readonly TempDirectory folder = new();
    private SiteFactory site = null!;

    internal WebApplicationFactory<Program> Factory { get; private set; } = null!;
    internal ShiftedClock Clock { get; } = new();
    internal SetupSettings Setup => SetupSettings.Default;
    internal string MailFolder => Path.Combine(folder.Path, "mail");

    /// <summary>More configuration for this site, as <c>ClinicBlog:Section:Key</c> = value.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public Task InitializeAsync()
    {
        site = new SiteFactory(folder.Path, Setup, Settings);
        Factory = site.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, ClientAddressFilter>();
        }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await site.DisposeAsync();
        folder.Dispose();
    }

    /// <summary>A browser-like client: keeps cookies, shows redirects instead of following them.</summary>
    internal HttpClient NewClient(string? fromAddress = null)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (fromAddress is not null) client.DefaultRequestHeaders.Add(ClientAddressFilter.Header, fromAddress);
        return client;
    }

    internal Task<HttpClient> SignInAsAdminAsync() => SignInAsync(Setup.AdminUserName, Setup.AdminPassword);

    internal async Task<HttpClient> SignInAsync(string login, string password)
    {
        var client = NewClient();
        var response = await Forms.PostAsync(client, "/admin/sign-in", new() { ["Input.Login"] = login, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {login}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Creates an active account with a password and the given roles.</summary>
    internal async Task<string> CreateUserAsync(string userName, string password, params string[] roles)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ClinicBlogUser>>();
        var user = new ClinicBlogUser { UserName = userName, Email = $"{userName}@example.com", DisplayName = $"{userName} Display", EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        if (roles.Length > 0) Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
        return user.Id;
    }

    /// <summary>Creates or updates roles through the recipe's Roles step: each argument is one role's JSON.</summary>
    internal async Task ApplyRolesAsync(params string[] roles)
    {
        var file = Path.Combine(folder.Path, $"roles-{Guid.NewGuid():N}.recipe.json");
        await File.WriteAllTextAsync(file, $$"""{ "name": "roles", "steps": [ { "name": "Roles", "Roles": [ {{string.Join(", ", roles)}} ] } ] }""");
        var result = await Factory.Services.GetRequiredService<ClinicBlog.Recipes.RecipeCommands>().ApplyFileAsync(file);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
    }

    internal async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Sends what is queued, then reads the mail written to the data directory, newest last.</summary>
    internal async Task<IReadOnlyList<MimeMessage>> MailToAsync(string address)
    {
        // The site's own dispatcher may hold a message's claim right now: send, then wait until nothing is left unsent.
        var dispatcher = Factory.Services.GetRequiredService<MailDispatcher>();
        for (var i = 0; i < 50; i++)
        {
            await dispatcher.SendDueAsync(CancellationToken.None);
            var unsent = await WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().OutboxMails.CountAsync(m => m.SentUtc == null));
            if (unsent == 0) break;
            await Task.Delay(100);
        }

        if (!Directory.Exists(MailFolder)) return [];
        return Directory.GetFiles(MailFolder, "*.eml").Order(StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }
}

/// <summary>Posting forms the way a browser does: read the page's antiforgery token, send the fields with it.</summary>
internal static class Forms
{
    public static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var response = await client.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {page}: {(int)response.StatusCode}\n{html}");
        return Html.Parse(html).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"GET {page}: no antiforgery token in the page");
    }

    /// <summary>Loads <paramref name="page"/> for its token, then posts <paramref name="fields"/> to <paramref name="action"/> (the page itself by default).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, Dictionary<string, string> fields, string? action = null) =>
        await PostAsync(client, page, fields.Select(f => KeyValuePair.Create(f.Key, f.Value)), action);

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var token = await TokenAsync(client, page);
        return await client.PostAsync(action ?? page, new FormUrlEncodedContent([.. fields, KeyValuePair.Create("__RequestVerificationToken", token)]));
    }

    /// <summary>A signed-in person without the permission is sent to the "not allowed" page, which answers 403.</summary>
    public static async Task AssertDeniedAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {path}: expected a redirect to /admin/denied, got {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/denied", location.StartsWith("http", StringComparison.Ordinal) ? new Uri(location).PathAndQuery : location);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(location)).StatusCode);
    }

    public static async Task<string> TextAsync(this HttpResponseMessage response) => Html.Text(await response.Content.ReadAsStringAsync());
}
