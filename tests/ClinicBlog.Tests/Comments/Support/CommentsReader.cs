using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ClinicBlog.Tests.Comments.Support;

/// <summary>What <c>/articles/{slug}/comments/state</c> gives a shared page: this reader's token and time-trap stamp.</summary>
public sealed record CommentsFormState(string TokenField, string Token, string Stamp);

/// <summary>What a reader types into "Leave a Reply", as the form posts it.</summary>
public sealed record CommentsDraft
{
    public string? Name { get; init; } = "Jane Reader";
    public string? Email { get; init; } = "jane.reader@example.com";
    public string? Website { get; init; }
    public string? Body { get; init; } = "Thank you, this helped my plantar fasciitis.";
    public long? ParentId { get; init; }
    public bool SaveDetails { get; init; }
    public bool NotifyReplies { get; init; }
    public string? Stamp { get; init; }

    /// <summary>The honeypot.</summary>
    public string? Url { get; init; }

    public string? TokenField { get; init; }
    public string? Token { get; init; }

    public CommentsDraft With(CommentsFormState state) => this with { Stamp = state.Stamp, TokenField = state.TokenField, Token = state.Token };

    public FormUrlEncodedContent ToContent()
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (value is not null) fields.Add(new(name, value));
        }

        Add("Name", Name);
        Add("Email", Email);
        Add("Website", Website);
        Add("Body", Body);
        Add("ParentId", ParentId?.ToString(CultureInfo.InvariantCulture) ?? "");
        Add("Stamp", Stamp);
        Add("Url", Url ?? "");
        if (SaveDetails) Add("SaveDetails", "true");
        if (NotifyReplies) Add("NotifyReplies", "true");
        if (TokenField is not null) Add(TokenField, Token);
        return new FormUrlEncodedContent(fields);
    }
}

/// <summary>One reader's browser: its cookies, its IP address, and the steps of commenting.</summary>
public sealed class CommentsReader(HttpClient client, CommentsClock clock, string ip) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;
    public string Ip => ip;

    public async Task<CommentsFormState> StateAsync(string slug = CommentsSiteFactory.HotSlug)
    {
        using var response = await client.GetAsync($"/articles/{slug}/comments/state");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await response.Content.ReadFromJsonAsync<CommentsFormState>();
        Assert.NotNull(state);
        return state;
    }

    public Task<HttpResponseMessage> SendAsync(CommentsDraft draft, string slug = CommentsSiteFactory.HotSlug) =>
        client.PostAsync($"/articles/{slug}/comments", draft.ToContent());

    /// <summary>Opens the form (state), takes <paramref name="fillSeconds"/> to fill it, posts; returns the response.</summary>
    /// <remarks>The default 20 s also lets the 15 s flood interval pass since this site's previous comment.</remarks>
    public async Task<HttpResponseMessage> FillAndSendAsync(CommentsDraft draft, string slug = CommentsSiteFactory.HotSlug, double fillSeconds = 20)
    {
        var state = await StateAsync(slug);
        clock.AdvanceSeconds(fillSeconds);
        return await SendAsync(draft.With(state), slug);
    }

    /// <summary>Posts a comment that must be accepted; returns its id from the redirect.</summary>
    public async Task<long> PostAsync(CommentsDraft draft, string slug = CommentsSiteFactory.HotSlug)
    {
        using var response = await FillAndSendAsync(draft, slug);
        return AcceptedId(response, slug);
    }

    /// <summary>The id of the posted comment, from the 302 to <c>/articles/{slug}#comment-{id}</c>.</summary>
    public static long AcceptedId(HttpResponseMessage response, string slug = CommentsSiteFactory.HotSlug)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            // Say why, in the form's own words: its alert and the errors beside the fields.
            var page = Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            var said = page.QuerySelectorAll(".form-errors, .error").Select(e => e.TextContent.Trim());
            Assert.Fail($"expected 302 after posting, got {(int)response.StatusCode}: {string.Join(" | ", said)}");
        }

        var location = response.Headers.Location!.OriginalString;
        var prefix = $"/articles/{slug}#comment-";
        Assert.StartsWith(prefix, location);
        return long.Parse(location[prefix.Length..], CultureInfo.InvariantCulture);
    }

    public async Task<string> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}");
        return html;
    }

    public async Task<IHtmlDocument> PageAsync(string path) => Parse(await GetAsync(path));

    public Task<IHtmlDocument> ArticleAsync(string slug = CommentsSiteFactory.HotSlug, int? commentsPage = null) =>
        PageAsync($"/articles/{slug}" + (commentsPage is { } p ? $"?cpage={p}" : ""));

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    public void Dispose() => client.Dispose();
}
