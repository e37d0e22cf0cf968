using ClinicBlog.Setup;
using ClinicBlog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Site;

/// <summary>Two setups of one site at once (two people on the setup page, or the page and headless setup): one sets it up.</summary>
public sealed class ConcurrentSetupTests : NotSetUpSite
{
    [Fact]
    public async Task Two_setups_at_once_set_the_site_up_once_and_the_other_is_told_it_is_set_up()
    {
        var setup = Factory.Services.GetRequiredService<SiteSetup>();
        SetupRequest Request(string siteName) => new()
        {
            SiteName = siteName,
            Recipe = "clinic-blog",
            AdminUserName = SetupSettings.Default.AdminUserName,
            AdminEmail = SetupSettings.Default.AdminEmail,
            AdminPassword = SetupSettings.Default.AdminPassword,
        };

        var results = await Task.WhenAll(
            Task.Run(() => setup.SetUpAsync(Request("First Clinic"))),
            Task.Run(() => setup.SetUpAsync(Request("Second Clinic"))));

        Assert.Single(results, r => r.Count == 0);
        var refused = Assert.Single(results, r => r.Count > 0);
        Assert.Equal([("", "This site is already set up.")], refused);
        var counts = await Factory.CountAsync();
        Assert.Equal((1, 5, 3, 4, 1), (counts.Users, counts.Articles, counts.Authors, counts.Roles, counts.SiteSettings));
        Assert.True(await setup.IsSetUpAsync());
    }
}
