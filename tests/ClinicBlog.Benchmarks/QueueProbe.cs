using System.Net;
using System.Text.RegularExpressions;

namespace ClinicBlog.Benchmarks;

/// <summary>The moderation queue as a moderator reaches it: signed in through the sign-in form, paging by its own links.</summary>
internal sealed partial class QueueProbe : IDisposable
{
    public const string QueuePath = "admin/comments";
    public const int PageSize = 50;

    private readonly CookieContainer cookies = new();
    private readonly HttpClient client;
    private readonly Uri baseUri;

    public QueueProbe(Uri baseUri)
    {
        this.baseUri = baseUri;
        client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>The Cookie header of the signed-in moderator, for wrk.</summary>
    public string CookieHeader => cookies.GetCookieHeader(baseUri);

    /// <summary>Signs in with the sign-in form (antiforgery token included); null when it worked, else why not.</summary>
    public async Task<string?> SignInAsync(string login, string password)
    {
        // A fresh sign-in each time: whatever the last one left is dropped first.
        foreach (Cookie cookie in cookies.GetCookies(baseUri)) cookie.Expired = true;
        var form = await client.GetStringAsync("admin/sign-in");
        var token = ValuePattern().Match(TokenInputPattern().Match(form).Value);
        if (!token.Success) return "the sign-in page has no antiforgery token";
        using var response = await client.PostAsync("admin/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Login"] = login,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) return $"signing in answered {(int)response.StatusCode}, not a redirect";
        return CookieHeader.Contains("clinicblog.auth=", StringComparison.Ordinal) ? null : "signing in set no clinicblog.auth cookie";
    }

    /// <summary>The queue's first page; null when it is served, else why it cannot be measured.</summary>
    public async Task<string?> CheckQueueAsync()
    {
        using var response = await client.GetAsync(QueuePath);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => null,
            HttpStatusCode.NotFound => $"/{QueuePath} does not exist in this checkout (404)",
            _ => $"/{QueuePath} answered {(int)response.StatusCode}{(response.Headers.Location is { } to ? $" to {to}" : "")}",
        };
    }

    /// <summary>
    /// Follows the queue's "older" link (a link with a <c>before</c> cursor) page after page, as a moderator would, until
    /// <paramref name="depth"/> comments are behind; returns the address of that page and how many pages it took.
    /// </summary>
    public async Task<(string? Path, int Pages, string? Problem)> FollowPagingAsync(int depth)
    {
        var path = QueuePath;
        var pages = depth / PageSize;
        for (var page = 0; page < pages; page++)
        {
            var html = await client.GetStringAsync(path);
            var next = NextLink(html, path);
            if (next is null)
                return (null, page, $"the queue had no further page after {page * PageSize:N0} comments (wanted {depth:N0} deep)");
            path = next.TrimStart('/');
        }

        return (path, pages, null);
    }

    /// <summary>rel="next", else a link that reads "Older"/"Next", else the first link with a before= cursor.</summary>
    private static string? NextLink(string html, string current)
    {
        var links = LinkPattern().Matches(html)
            .Select(m => (Tag: m.Value, Href: WebUtility.HtmlDecode(m.Groups["href"].Value), Text: m.Groups["text"].Value))
            .Where(l => l.Href.Contains("before=", StringComparison.Ordinal) && l.Href.Contains(QueuePath, StringComparison.Ordinal)
                        && l.Href.TrimStart('/') != current)
            .ToList();
        var chosen = links.FirstOrDefault(l => l.Tag.Contains("rel=\"next\"", StringComparison.Ordinal));
        if (chosen.Href is null) chosen = links.FirstOrDefault(l => OlderPattern().IsMatch(l.Text));
        if (chosen.Href is null) chosen = links.FirstOrDefault();
        return chosen.Href;
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex("""<input\b[^>]*"__RequestVerificationToken"[^>]*>""")]
    private static partial Regex TokenInputPattern();

    [GeneratedRegex(@"\bvalue=""([^""]*)""")]
    private static partial Regex ValuePattern();

    [GeneratedRegex("""<a\b[^>]*\bhref="(?<href>[^"]*)"[^>]*>(?<text>.*?)</a>""", RegexOptions.Singleline)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"older|next|›|»|→", RegexOptions.IgnoreCase)]
    private static partial Regex OlderPattern();
}
