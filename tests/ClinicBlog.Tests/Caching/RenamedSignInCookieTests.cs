using ClinicBlog.Tests.Support;
using ClinicBlog.Tests.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Caching;

/// <summary>A host that names its sign-in cookie otherwise: the page cache still knows a signed-in person when it sees one.</summary>
public sealed class RenamedSignInCookieTests : IAsyncLifetime
{
    private const string Article = "/articles/iastm-and-foot-pain";
    private readonly TempDirectory folder = new();
    private SiteFactory site = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host = null!;

    public Task InitializeAsync()
    {
        site = new SiteFactory(folder.Path, SetupSettings.Default);
        host = site.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureApplicationCookie(o => o.Cookie.Name = "riverside.signin")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await site.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task A_staff_members_page_is_never_cached_for_the_public()
    {
        var staff = host.CreateClient(new() { AllowAutoRedirect = false });
        var signedIn = await Forms.PostAsync(staff, "/admin/sign-in",
            new() { ["Input.Login"] = SetupSettings.Default.AdminUserName, ["Input.Password"] = SetupSettings.Default.AdminPassword });
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("riverside.signin=", StringComparison.Ordinal));

        // The staff member reads the article first, while nothing is cached yet: their page names them.
        var theirs = await staff.GetStringAsync(Article);
        Assert.Contains("Commenting as", theirs);

        // A reader who comes next gets the public page, not the staff member's.
        using var reader = host.CreateClient(new() { AllowAutoRedirect = false });
        var page = await reader.GetStringAsync(Article);
        Assert.DoesNotContain("Commenting as", page);
        Assert.DoesNotContain(SetupSettings.Default.AdminEmail, page);
    }
}
