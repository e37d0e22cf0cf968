using System.Net;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Users;

/// <summary>Every form of the users, roles and settings pages refuses a POST without its antiforgery token; every page needs sign-in.</summary>
public sealed class FormSafetyTests(FormSafetyTests.Site site) : IClassFixture<FormSafetyTests.Site>
{
    public sealed class Site : DashboardSite;

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_rejected_on_every_form()
    {
        var admin = await site.SignInAsAdminAsync();
        var someone = await site.CreateUserAsync("someone", "someone password 1", "Moderator");
        var actions = new[]
        {
            "/admin/users/invite", $"/admin/users/{someone}?handler=Roles", $"/admin/users/{someone}?handler=Disable",
            $"/admin/users/{someone}?handler=Enable", $"/admin/users/{someone}?handler=Resend",
            "/admin/roles", "/admin/roles/Moderator", "/admin/roles/Moderator?handler=Delete", "/admin/settings",
            $"/admin/accept-invitation?user={someone}&token=x",
        };

        foreach (var action in actions)
        {
            var response = await admin.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["Roles"] = "Administrator", ["NewName"] = "Sneaky" }));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {action}: {(int)response.StatusCode}");
        }

        var user = await site.WithServicesAsync(async s => (await s.GetRequiredService<UserManager<ClinicBlogUser>>().FindByIdAsync(someone))!);
        Assert.False(user.IsDisabled);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/roles/Sneaky")).StatusCode);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    [InlineData("/admin/users/invite")]
    [InlineData("/admin/roles")]
    [InlineData("/admin/roles/Editor")]
    [InlineData("/admin/settings")]
    [InlineData("/admin/account/password")]
    public async Task Each_page_sends_an_anonymous_visitor_to_sign_in(string path)
    {
        var response = await site.NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/sign-in", response.Headers.Location?.OriginalString);
    }
}
