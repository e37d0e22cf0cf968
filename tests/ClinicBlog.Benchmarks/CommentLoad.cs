using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ClinicBlog.Benchmarks;

/// <summary>One run of comment posting: accepted posts (302) per second, and every accepted comment's id.</summary>
internal sealed record PostRun(double AcceptedPerSecond, long Accepted, IReadOnlyDictionary<int, long> Statuses, IReadOnlyList<long> Ids, WrkResult Wrk);

/// <summary>Posts comments under load with wrk and a Lua script, then checks that every accepted one is in the database.</summary>
internal sealed class CommentLoad(Uri baseUri, string slug, string workDirectory)
{
    private int run;

    /// <summary>The ids of every post accepted by any run, warm-ups included: all must be in the database afterwards.</summary>
    public List<long> AcceptedIds { get; } = [];

    public async Task<PostRun> PostAsync(TimeSpan duration)
    {
        var state = await FetchStateAsync();
        var output = Path.Combine(workDirectory, $"posts-{++run}.txt");
        var script = Path.Combine(workDirectory, "post-comments.lua");
        await using (var resource = typeof(CommentLoad).Assembly.GetManifestResourceStream("post-comments.lua")!)
        await using (var file = File.Create(script))
            await resource.CopyToAsync(file);

        var wrk = await Wrk.LoadAsync(new Uri(baseUri, $"articles/{slug}/comments"), duration, script: script, environment: new Dictionary<string, string>
        {
            ["CB_COOKIE"] = state.Cookie,
            ["CB_FIELD"] = state.TokenField,
            ["CB_TOKEN"] = state.Token,
            ["CB_STAMP"] = state.Stamp,
            ["CB_RUN"] = $"{Environment.ProcessId}-{run}",
            ["CB_OUT"] = output,
        });

        var statuses = new Dictionary<int, long>();
        var ids = new List<long>();
        foreach (var line in await File.ReadAllLinesAsync(output))
        {
            var parts = line.Split(' ');
            if (parts[0] == "status")
            {
                var status = int.Parse(parts[1], CultureInfo.InvariantCulture);
                statuses[status] = statuses.GetValueOrDefault(status) + long.Parse(parts[2], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "id") ids.Add(long.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        AcceptedIds.AddRange(ids);
        var accepted = statuses.GetValueOrDefault(302);
        return new PostRun(accepted / wrk.Seconds, accepted, statuses, ids, wrk);
    }

    /// <summary>
    /// The cookies of a returning commenter: the antiforgery cookie and the saved name and email (<c>cb_commenter</c>) a
    /// first comment with "Save my name" left, as the Cookie header of their next visits.
    /// </summary>
    public async Task<string> ReturningCommenterCookiesAsync()
    {
        var state = await FetchStateAsync();
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"articles/{slug}/comments")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [state.TokenField] = state.Token,
                ["Stamp"] = state.Stamp,
                ["Name"] = "Returning Reader",
                ["Email"] = "returning.reader@example.com",
                ["Body"] = $"A first comment, {Environment.ProcessId}: the saved details are for next time.",
                ["SaveDetails"] = "true",
            }),
        };
        request.Headers.Add("Cookie", state.Cookie);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"posting the returning commenter's first comment answered {(int)response.StatusCode}");
        var saved = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("cb_commenter=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("posting with \"Save my name\" set no cb_commenter cookie");
        return $"{state.Cookie}; {saved}";
    }

    /// <summary>Accepted posts that are not in the database.</summary>
    public async Task<int> LostAsync() => (await SiteData.MissingCommentsAsync(workDirectory, AcceptedIds)).Count;

    private sealed record FormState(string Cookie, string TokenField, string Token, string Stamp);

    /// <summary>What a reader's browser fetches before posting: the antiforgery cookie and token, and the time-trap stamp.</summary>
    private async Task<FormState> FetchStateAsync()
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUri };
        using var response = await client.GetAsync($"articles/{slug}/comments/state");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var cookie = cookies.GetCookieHeader(baseUri);
        if (cookie.Length == 0) throw new InvalidOperationException("The comment form's state set no antiforgery cookie.");
        return new FormState(cookie, root.GetProperty("tokenField").GetString()!, root.GetProperty("token").GetString()!,
            root.GetProperty("stamp").GetString()!);
    }
}
