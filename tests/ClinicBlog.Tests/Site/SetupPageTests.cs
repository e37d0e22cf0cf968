using System.Net;
using ClinicBlog.Tests.Support;

namespace ClinicBlog.Tests.Site;

/// <summary>A site started without <c>ClinicBlog:Setup:*</c>: the setup page at "/" until someone fills it in.</summary>
public sealed class SetupPageTests : NotSetUpSite
{
    private HttpClient client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        client = Factory.CreatePlainClient();
    }

    public override async Task DisposeAsync()
    {
        client.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_setup_form_is_served_at_the_root()
    {
        var response = await client.GetAsync("/");
        var doc = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Set up", doc.QuerySelector("h1")!.TextContent);
        Assert.NotNull(doc.QuerySelector("form input[name='Input.AdminEmail']"));
        Assert.Contains("clinic-blog", doc.QuerySelectorAll("select[name='Input.Recipe'] option").Select(o => o.GetAttribute("value")));
    }

    [Theory]
    [InlineData("/articles/iastm")]
    [InlineData("/authors/clinic")]
    [InlineData("/admin")]
    [InlineData("/no-such-page")]
    public async Task Every_other_address_leads_to_the_setup_page(string path)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_bad_email_keeps_what_was_typed_and_says_what_is_wrong()
    {
        var response = await PostSetupAsync(client, new SetupSettings("Boulder Physio Journal", "clinicadmin", "not-an-email", "correct horse 42"));
        var html = await response.Content.ReadAsStringAsync();
        var doc = Html.Parse(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Please enter a valid email address", doc.QuerySelector("#Input_AdminEmail-error")!.TextContent);
        Assert.Equal("Boulder Physio Journal", doc.QuerySelector("input[name='Input.SiteName']")!.GetAttribute("value"));
        Assert.Equal("clinicadmin", doc.QuerySelector("input[name='Input.AdminUserName']")!.GetAttribute("value"));
        Assert.Equal("not-an-email", doc.QuerySelector("input[name='Input.AdminEmail']")!.GetAttribute("value"));
        Assert.DoesNotContain("correct horse 42", html);

        // Nothing was set up.
        Assert.Equal(0, (await Factory.CountAsync()).Users);
        Assert.Contains("Set up", Html.Parse(await (await client.GetAsync("/")).Content.ReadAsStringAsync()).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_the_rule()
    {
        var response = await PostSetupAsync(client, new SetupSettings("Boulder Physio Journal", "clinicadmin", "admin@boulder-physio.example", "short1"));
        var doc = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("at least 10 characters", doc.QuerySelector("#Input_AdminPassword-error")!.TextContent);
        Assert.Equal(0, (await Factory.CountAsync()).Articles);
    }

    /// <summary>Fills in the form as a browser does: the antiforgery token from the page, the cookie kept by the client.</summary>
    internal static async Task<HttpResponseMessage> PostSetupAsync(HttpClient client, SetupSettings input)
    {
        var form = Html.Parse(await (await client.GetAsync("/")).Content.ReadAsStringAsync()).QuerySelector("form")!;
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        return await client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.SiteName"] = input.SiteName,
            ["Input.Recipe"] = "clinic-blog",
            ["Input.AdminUserName"] = input.AdminUserName,
            ["Input.AdminEmail"] = input.AdminEmail,
            ["Input.AdminPassword"] = input.AdminPassword,
        }));
    }
}

/// <summary>Filling in the setup form sets the site up once; the setup page is gone afterwards.</summary>
public sealed class SetupFormTests : NotSetUpSite
{
    [Fact]
    public async Task A_good_form_sets_the_site_up_and_the_setup_page_is_gone()
    {
        using var client = Factory.CreatePlainClient();

        var response = await SetupPageTests.PostSetupAsync(client, new SetupSettings("Westminster Therapy Notes", "owner", "owner@westminster.example", "stretch daily 7"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var home = Html.Parse(await (await client.GetAsync("/")).Content.ReadAsStringAsync());
        Assert.Equal("Westminster Therapy Notes", home.QuerySelector(".site-name")!.TextContent.Trim());
        Assert.Equal(5, home.QuerySelectorAll(".article-list .card").Length);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/articles/iastm")).StatusCode);
        var counts = await Factory.CountAsync();
        Assert.Equal((1, 5, 3), (counts.Users, counts.Articles, counts.Authors));

        // Posting the form again changes nothing.
        var again = await client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.SiteName"] = "Hijacked" }));
        Assert.NotEqual(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(counts, await Factory.CountAsync());
        Assert.DoesNotContain("Hijacked", await (await client.GetAsync("/")).Content.ReadAsStringAsync());
    }
}

/// <summary>Starting again on the same data directory keeps everything and applies nothing twice.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_restart_keeps_the_site_and_does_not_set_it_up_again()
    {
        StoredCounts before;
        await using (var first = new SiteFactory(folder.Path, SetupSettings.Default))
        {
            using var client = first.CreatePlainClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            before = await first.CountAsync();
        }

        // The same settings again, with another site name: setup must not run a second time.
        await using var second = new SiteFactory(folder.Path, SetupSettings.Default with { SiteName = "Renamed On Restart" });
        using var again = second.CreatePlainClient();
        var home = Html.Parse(await (await again.GetAsync("/")).Content.ReadAsStringAsync());

        Assert.Equal(before, await second.CountAsync());
        Assert.Equal((1, 5, 3, 4), (before.Users, before.Articles, before.Authors, before.Roles));
        Assert.Equal(SetupSettings.Default.SiteName, home.QuerySelector(".site-name")!.TextContent.Trim());
        Assert.Equal(5, home.QuerySelectorAll(".article-list .card").Length);
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync("/setup")).StatusCode);
    }
}
