using System.Net;
using AngleSharp.Dom;
using ClinicBlog.Tests.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Articles;

/// <summary>A signed-in dashboard user with their own cookies: reads pages and posts forms as a browser without JavaScript would.</summary>
/// <remarks>Kept in this folder (not Support/) so that parallel dashboard work cannot collide on one file name.</remarks>
internal sealed class StaffSession : IDisposable
{
    private StaffSession(HttpClient client, string userId)
    {
        Client = client;
        UserId = userId;
    }

    public HttpClient Client { get; }

    public string UserId { get; }

    /// <summary>Signs in as the setup administrator, who has every permission.</summary>
    public static async Task<StaffSession> AdminAsync(WebApplicationFactory<Program> factory)
    {
        var id = await WithUsersAsync(factory, async users => (await users.FindByNameAsync(SetupSettings.Default.AdminUserName))!.Id);
        return await SignInAsync(factory, SetupSettings.Default.AdminUserName, SetupSettings.Default.AdminPassword, id);
    }

    /// <summary>Creates an account in <paramref name="role"/> (a role of the setup recipe) and signs in as it.</summary>
    public static async Task<StaffSession> NewUserAsync(WebApplicationFactory<Program> factory, string userName, string role, string? displayName = null)
    {
        const string password = "staff pass 42";
        var id = await WithUsersAsync(factory, async users =>
        {
            var user = new ClinicBlogUser
            {
                UserName = userName,
                Email = $"{userName}@staff.example",
                EmailConfirmed = true,
                DisplayName = displayName ?? userName,
            };
            var created = await users.CreateAsync(user, password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            return user.Id;
        });
        return await SignInAsync(factory, userName, password, id);
    }

    private static async Task<T> WithUsersAsync<T>(WebApplicationFactory<Program> factory, Func<UserManager<ClinicBlogUser>, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<ClinicBlogUser>>());
    }

    private static async Task<StaffSession> SignInAsync(WebApplicationFactory<Program> factory, string login, string password, string userId)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var session = new StaffSession(client, userId);
        var response = await session.PostAsync("/admin/sign-in", "/admin/sign-in", new() { ["Input.Login"] = login, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location?.OriginalString);
        return session;
    }

    /// <summary>GETs a page that must answer 200, parsed.</summary>
    public async Task<IDocument> PageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location}\n{html}");
        return Html.Parse(html);
    }

    /// <summary>POSTs <paramref name="fields"/> to <paramref name="action"/> with an antiforgery token read from <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await PageAsync(formPage);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), $"{formPage} has no antiforgery token");
        return await PostWithoutTokenAsync(action, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token! });
    }

    /// <summary>POSTs the fields as they are: without a token unless one is among them.</summary>
    public Task<HttpResponseMessage> PostWithoutTokenAsync(string action, Dictionary<string, string> fields) =>
        Client.PostAsync(action, new FormUrlEncodedContent(fields));

    /// <summary>What the form would send if submitted as it stands (first value of each name), for tests that change a few fields.</summary>
    public static Dictionary<string, string> FormValues(IDocument page, string formSelector)
    {
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form {formSelector}");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (values.ContainsKey(name) || name == "__RequestVerificationToken") continue;
            switch (element)
            {
                case AngleSharp.Html.Dom.IHtmlInputElement { Type: "checkbox" } box:
                    if (box.IsChecked) values[name] = box.Value;
                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement input:
                    values[name] = input.Value;
                    break;
                case AngleSharp.Html.Dom.IHtmlTextAreaElement area:
                    values[name] = area.Value;
                    break;
                case AngleSharp.Html.Dom.IHtmlSelectElement select:
                    values[name] = select.Value ?? "";
                    break;
            }
        }

        return values;
    }

    public void Dispose() => Client.Dispose();
}
