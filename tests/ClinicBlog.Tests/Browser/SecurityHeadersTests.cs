using System.Net;
using System.Text.Json;
using ClinicBlog.Comments;
using ClinicBlog.Tests.Support;
using Microsoft.Net.Http.Headers;

namespace ClinicBlog.Tests.Browser;

/// <summary>The security headers on every page template and every file it loads, a CSP that the pages never trip, and the cookies' flags.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityHeadersTests(BrowserSite site)
{
    [Theory]
    [MemberData(nameof(PageTemplates.Names), MemberType = typeof(PageTemplates))]
    public Task Every_page_template_sends_the_security_headers_and_trips_no_CSP(string template) =>
        site.RunAsync($"headers-{template}", async session =>
        {
            var t = PageTemplates.Named(template);
            var tab = await session.NewTabAsync(t.SignedInAs, t.Site);
            var document = await t.OpenAsync(tab.Page, site);
            await tab.Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);

            var csp = Directives(await document.HeaderValueAsync("content-security-policy"));
            Assert.Equal("'self'", csp.GetValueOrDefault("script-src"));
            Assert.Equal("'self'", csp.GetValueOrDefault("style-src"));
            Assert.Equal("'self'", csp.GetValueOrDefault("default-src"));
            Assert.Equal("'none'", csp.GetValueOrDefault("object-src"));
            Assert.Equal("'self'", csp.GetValueOrDefault("base-uri"));
            Assert.Equal("'self' https:", csp.GetValueOrDefault("img-src"));
            Assert.DoesNotContain(csp.Values, v => v.Contains("unsafe-", StringComparison.Ordinal));
            var adminPath = new Uri(tab.Page.Url).AbsolutePath.StartsWith("/admin", StringComparison.Ordinal);
            Assert.Equal(adminPath ? "'none'" : "'self'", csp.GetValueOrDefault("frame-ancestors"));
            Assert.Equal("strict-origin-when-cross-origin", await document.HeaderValueAsync("referrer-policy"));
            Assert.Contains("camera=()", await document.HeaderValueAsync("permissions-policy") ?? "");

            // nosniff on the page and on everything it loaded: styles, scripts, the comment form's state.
            Assert.NotEmpty(tab.Responses);
            foreach (var response in tab.Responses)
                Assert.True(await response.HeaderValueAsync("x-content-type-options") == "nosniff", $"{response.Url} ({response.Status}) has no X-Content-Type-Options: nosniff.");

            // No blocked inline script or style, no script error, no missing file: the console stays clean.
            // (Chromium reports a page's own non-200 status as a failed resource; that one is expected.)
            var errors = tab.ConsoleErrors.Where(e => !(t.Status != 200 && e.Location.StartsWith(document.Url, StringComparison.Ordinal)
                && e.Text.Contains($"status of {t.Status}", StringComparison.Ordinal))).ToList();
            Assert.True(errors.Count == 0, $"{template}: console errors:\n{string.Join("\n", errors)}");
            var failed = tab.Responses.Where(r => r.Status >= 400 && r.Url != document.Url).Select(r => $"{r.Status} {r.Url}").ToList();
            Assert.True(failed.Count == 0, $"{template}: files that failed to load:\n{string.Join("\n", failed)}");
        });

    [Fact]
    public async Task Cookies_are_HttpOnly_and_SameSite_Lax_and_Secure_over_https()
    {
        foreach (var https in new[] { false, true })
        {
            // Readers on other loopback addresses than the browser's: the per-IP flood limit stays out of the way.
            using var client = site.Site.CreateHttpClient(https, from: IPAddress.Parse(https ? "127.0.0.3" : "127.0.0.2"));
            var scheme = https ? "https" : "http";

            // The antiforgery cookie, given with the comment form's state on a shared (cached) article page.
            var state = await client.GetAsync("/articles/iastm/comments/state");
            Assert.Equal(HttpStatusCode.OK, state.StatusCode);
            var antiforgery = Cookie(state, "clinicblog.af");
            AssertFlags(antiforgery, https, $"antiforgery cookie over {scheme}");
            var json = JsonDocument.Parse(await state.Content.ReadAsStringAsync()).RootElement;
            var formShown = DateTime.UtcNow;

            // The sign-in cookie.
            var signInPage = await client.GetAsync("/admin/sign-in");
            var signInToken = Html.Parse(await signInPage.Content.ReadAsStringAsync())
                .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var signIn = new HttpRequestMessage(HttpMethod.Post, "/admin/sign-in")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Login"] = site.Setup.AdminUserName,
                    ["Input.Password"] = site.Setup.AdminPassword,
                    ["__RequestVerificationToken"] = signInToken,
                }),
            };
            signIn.Headers.Add("Cookie", CookieHeader(signInPage));
            var signedIn = await client.SendAsync(signIn);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            AssertFlags(Cookie(signedIn, "clinicblog.auth"), https, $"sign-in cookie over {scheme}");

            // cb_pending (and cb_commenter) after posting a comment, a few seconds after the form was shown.
            if (DateTime.UtcNow - formShown < TimeSpan.FromSeconds(3.5)) await Task.Delay(formShown.AddSeconds(3.5) - DateTime.UtcNow);
            using var post = new HttpRequestMessage(HttpMethod.Post, "/articles/iastm/comments")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Body"] = $"Is IASTM safe during pregnancy? (asked over {scheme})",
                    ["Name"] = "Lena Brandt",
                    ["Email"] = $"lena.{scheme}@example.com",
                    ["SaveDetails"] = "true",
                    ["Stamp"] = json.GetProperty("stamp").GetString()!,
                    [json.GetProperty("tokenField").GetString()!] = json.GetProperty("token").GetString()!,
                }),
            };
            post.Headers.Add("Cookie", $"{antiforgery.Name}={antiforgery.Value}");
            var posted = await client.SendAsync(post);
            Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"Posting over {scheme}: {(int)posted.StatusCode}\n{await posted.Content.ReadAsStringAsync()}");
            AssertFlags(Cookie(posted, ReaderCookies.PendingCookie), https, $"{ReaderCookies.PendingCookie} over {scheme}");
            AssertFlags(Cookie(posted, ReaderCookies.CommenterCookie), https, $"{ReaderCookies.CommenterCookie} over {scheme}");
        }
    }

    private static Dictionary<string, string> Directives(string? policy)
    {
        Assert.False(string.IsNullOrEmpty(policy), "No Content-Security-Policy header.");
        return policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1].Trim() : "");
    }

    private static SetCookieHeaderValue Cookie(HttpResponseMessage response, string name)
    {
        var all = response.Headers.TryGetValues("Set-Cookie", out var values) ? SetCookieHeaderValue.ParseList(values.ToList()) : [];
        return all.SingleOrDefault(c => c.Name == name) ?? throw new Xunit.Sdk.XunitException(
            $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} set no {name} cookie (it set: {string.Join(", ", all.Select(c => c.Name.ToString()))}).");
    }

    private static string CookieHeader(HttpResponseMessage response) =>
        string.Join("; ", SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()).Select(c => $"{c.Name}={c.Value}"));

    private static void AssertFlags(SetCookieHeaderValue cookie, bool https, string what)
    {
        Assert.True(cookie.HttpOnly, $"{what} is not HttpOnly: {cookie}");
        Assert.True(cookie.SameSite == Microsoft.Net.Http.Headers.SameSiteMode.Lax, $"{what} is not SameSite=Lax: {cookie}");
        Assert.True(cookie.Secure == https, $"{what} is {(cookie.Secure ? "" : "not ")}Secure: {cookie}");
    }
}
