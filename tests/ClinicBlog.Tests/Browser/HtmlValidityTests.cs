using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ClinicBlog.Tests.Support;
using Xunit.Abstractions;

namespace ClinicBlog.Tests.Browser;

/// <summary>Every page template, as the server sent it, passes the Nu Html Checker (vnu.jar from the npm package vnu-jar) with no errors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HtmlValidityTests(BrowserSite site, ITestOutputHelper output)
{
    /// <summary>A page with a known error, checked in the same run: proof that the checker read the files at all.</summary>
    private const string Canary = "<!DOCTYPE html><html lang=\"en\"><head><title>canary</title></head><body><p><div></p></body></html>";

    /// <summary>Installed by <c>tests/run</c> (<c>npm ci --ignore-scripts --prefix tests/tools</c>); run with the machine's Java.</summary>
    private static readonly string VnuJar = Path.Combine(TestPaths.RepoRoot, "tests", "tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

    [Fact]
    public async Task Every_page_template_is_valid_HTML()
    {
        Assert.True(File.Exists(VnuJar), $"{VnuJar} is missing: run tests/run, or `npm ci --ignore-scripts --prefix tests/tools`.");
        using var folder = new TempDirectory();

        // The HTML each template's document response carried (with the visitor's cookies, after any form post).
        var pages = new Dictionary<string, string>();
        await site.RunAsync("html-validity", async session =>
        {
            foreach (var template in PageTemplates.All)
            {
                var tab = await session.NewTabAsync(template.SignedInAs, template.Site);
                var response = await template.OpenAsync(tab.Page, site);
                var file = Path.Combine(folder.Path, $"{pages.Count + 1:00}-{string.Concat(template.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-'))}.html");
                await File.WriteAllTextAsync(file, await response.TextAsync());
                pages[file] = template.Name;
                await tab.Page.Context.CloseAsync();
            }
        });

        Assert.Equal(PageTemplates.All.Length, pages.Count);
        var canary = folder.WriteFile("canary.html", Canary);

        // One JVM for all pages: starting it costs more than checking them.
        var messages = await CheckAsync(pages.Keys.Append(canary));
        Assert.Contains(messages, m => m.Url.EndsWith("/canary.html", StringComparison.Ordinal) && m.Type == "error");
        var byFileName = pages.ToDictionary(p => Path.GetFileName(p.Key), p => p.Value);
        messages = messages.Where(m => !m.Url.EndsWith("/canary.html", StringComparison.Ordinal)).ToList();
        foreach (var w in messages.Where(m => m.Type != "error"))
            output.WriteLine($"{w.Type}: {byFileName.GetValueOrDefault(w.Url[(w.Url.LastIndexOf('/') + 1)..], w.Url)}, line {w.Line}: {w.Message}");
        var errors = messages.Where(m => m.Type == "error").ToList();

        var report = new StringBuilder();
        foreach (var e in errors)
            report.Append($"\n- {byFileName.GetValueOrDefault(e.Url[(e.Url.LastIndexOf('/') + 1)..], e.Url)}, line {e.Line}: {e.Message}\n    {e.Extract?.ReplaceLineEndings(" ")}");
        Assert.True(errors.Count == 0, $"{errors.Count} HTML error(s) in {errors.Select(e => e.Url).Distinct().Count()} of {pages.Count} page templates:{report}");
    }

    /// <param name="Type">"error" (a non-document error, such as an unreadable file, counts as one), "info" or a warning.</param>
    private sealed record VnuMessage(string Type, string Url, int Line, string Message, string? Extract);

    private static async Task<List<VnuMessage>> CheckAsync(IEnumerable<string> files)
    {
        var start = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-jar", VnuJar, "--format", "json", "--stdout" }.Concat(files)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var json = await stdout;
        if (json.Length == 0) throw new InvalidOperationException($"vnu.jar printed nothing (exit {process.ExitCode}): {await stderr}");

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => new VnuMessage(
                m.GetProperty("type").GetString() is "error" or "non-document-error" ? "error"
                    : m.TryGetProperty("subType", out var sub) ? sub.GetString()! : m.GetProperty("type").GetString()!,
                m.TryGetProperty("url", out var url) ? url.GetString()! : "(no file)",
                m.TryGetProperty("lastLine", out var line) ? line.GetInt32() : 0,
                m.GetProperty("message").GetString()!,
                m.TryGetProperty("extract", out var extract) ? extract.GetString() : null))
            .ToList();
    }
}
