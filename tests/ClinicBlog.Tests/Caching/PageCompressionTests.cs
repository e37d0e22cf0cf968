using System.Net;
using System.Net.Http.Headers;
using ClinicBlog.Tests.Support;

namespace ClinicBlog.Tests.Caching;

/// <summary>Shared pages are compressed for browsers that ask; nothing that holds one person's secrets is (BREACH).</summary>
[Collection(SharedSiteCollection.Name)]
public sealed class PageCompressionTests(SetUpSite site)
{
    private const string Article = "/articles/iastm-and-foot-pain";

    private async Task<HttpResponseMessage> GetAsync(string path, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        // A client of its own: no cookie another test left behind.
        using var client = site.Factory.CreatePlainClient();
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_public_page_is_compressed_for_a_browser_that_asks_the_first_time_and_from_the_cache()
    {
        foreach (var time in new[] { "first", "cached" })
        {
            using var response = await GetAsync(Article);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Content.Headers.ContentEncoding.Contains("br"), $"The {time} answer is not compressed.");
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
        }
    }

    [Theory]
    [InlineData("/css/site.css")]
    [InlineData("/_content/ClinicBlog/js/comments.js")]
    public async Task Styles_and_scripts_are_compressed_for_a_browser_that_asks_and_arrive_whole(string path)
    {
        using var plainClient = site.Factory.CreatePlainClient();
        var plain = await plainClient.GetByteArrayAsync(path);

        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var compressed = await response.Content.ReadAsStreamAsync();
        await using var brotli = new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var unpacked = new MemoryStream();
        await brotli.CopyToAsync(unpacked);
        Assert.Equal(plain, unpacked.ToArray());
    }

    [Fact]
    public async Task A_page_for_one_reader_is_not_compressed()
    {
        using var response = await GetAsync(Article, "cb_commenter=x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_response_that_hands_out_a_token_is_not_compressed()
    {
        using var response = await GetAsync($"{Article}/comments/state");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("clinicblog.af=", StringComparison.Ordinal));
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_form_sent_back_with_what_was_typed_and_a_token_is_not_compressed()
    {
        using var client = site.Factory.CreatePlainClient();
        using var state = await client.GetAsync($"{Article}/comments/state");
        using var json = System.Text.Json.JsonDocument.Parse(await state.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Article}/comments")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [json.RootElement.GetProperty("tokenField").GetString()!] = json.RootElement.GetProperty("token").GetString()!,
                ["Name"] = "Compression Probe",
                ["Email"] = "not an email",
                ["Body"] = "Text an attacker could choose, sent back beside a token.",
            }),
        };
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Text an attacker could choose", await response.Content.ReadAsStringAsync());
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }
}
