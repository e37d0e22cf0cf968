using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ClinicBlog.Benchmarks;

/// <summary>The steps of one run, in order: prepare, setup, baseline, cold start, pages, queue, comments; then the report.</summary>
internal sealed class BenchmarkRun(BenchSettings settings, Log log)
{
    private readonly Report report = new();
    private readonly Attempts attempts = new(settings, log);
    private string hostDll = Paths.HostDll;
    private Uri? baselineUrl;

    // A quick run's loads are too short to slice.
    private int Slices => settings.Duration >= TimeSpan.FromSeconds(9) ? 3 : 1;

    /// <summary>Readers' browsers ask for compressed pages; every public page is asked for the same way.</summary>
    private static readonly string[] Browser = ["Accept-Encoding: br, gzip"];

    private string Load => $"wrk {Wrk.Version} -t{BenchSettings.Threads} -c{BenchSettings.Connections} -d{settings.Duration.TotalSeconds:0}s " +
        $"(after a {settings.Warmup.TotalSeconds:0} s warm-up), on the same machine as the server; public pages asked for with " +
        $"\"{Browser[0]}\" as browsers do, in turns with the baseline ({Slices} slices of {(settings.Duration / Slices).TotalSeconds:0} s each); the moderation queue with " +
        $"-c{BenchSettings.ModeratorConnections} (a moderation team without pauses), signed in afresh before each try";

    public async Task<int> RunAsync()
    {
        if (Paths.Configuration != "Release")
            report.Notes.Add($"built in {Paths.Configuration}, not Release: the figures are not comparable with the targets");
        await Wrk.EnsureInstalledAsync(log);
        if (!settings.Quick)
        {
            hostDll = await HostPublish.PublishAsync(log);
            report.Notes.Add("the host: published in Release and compiled ahead (ReadyToRun), as README's deployment section does it");
        }
        var site = await SiteData.PrepareAsync(settings.Size, settings.FreshData, log);
        var work = SiteData.CopyForRun(site);
        Wrk.ReportFolder = work;
        try
        {
            await MeasureSetupAsync();
            await MeasureRecipeApplyAsync(work);
            await using var baseline = await StartBaselineAsync(work);
            baselineUrl = baseline.BaseUri;
            var before = await MeasureBaselineAsync(baseline, "baseline_rps");
            await MeasureHostAsync(site, work);
            var after = await MeasureBaselineAsync(baseline, "baseline_rps (again, after the host)");
            // Noise only ever lowers a throughput: the higher of the two is the machine's, and the ratios are not flattered.
            var best = after.Value.RequestsPerSecond > before.Value.RequestsPerSecond ? after : before;
            report.Add("baseline_rps", best, best.Value.RequestsPerSecond, string.Join("; ", new[]
            {
                string.Create(CultureInfo.InvariantCulture,
                    $"the higher of two measurements, before and after the host's: {before.Value.RequestsPerSecond:N0}/s and {after.Value.RequestsPerSecond:N0}/s"),
                Problems(best.Value),
            }.OfType<string>()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (settings.Keep) log.Line($"kept the working folder: {work}");
            else DeleteQuietly(work);
        }

        var machine = Report.Machine();
        Console.WriteLine();
        Console.WriteLine(report.Table(machine, Load));
        if (settings.OutFile is { } outFile)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
            await File.WriteAllTextAsync(outFile, report.Json(machine, Load, settings.Quick, site, await CommitAsync()));
            log.Line($"wrote {outFile}");
        }

        log.Line($"done in {log.Elapsed.TotalSeconds:0} s");
        return 0;
    }

    private async Task MeasureSetupAsync()
    {
        log.Line("setup_ms: the setup recipe on an empty database, in a fresh process");
        var setup = await attempts.RunAsync("setup_ms", SetupProbe.MeasureAsync);
        report.Add("setup_ms", setup, setup.Value);
    }

    /// <summary>A recipe of 100,000 content items applied from the command line: its wall time and the process's peak memory.</summary>
    private async Task MeasureRecipeApplyAsync(string work)
    {
        var items = settings.RecipeItems;
        log.Line($"recipe_apply_100k_s, recipe_apply_100k_rss_mb: `recipe apply` of {items:N0} content items, in a fresh process");
        var applied = await attempts.RunAsync("recipe_apply_100k_s", () => RecipeApplyProbe.MeasureAsync(hostDll, work, items));
        report.Add("recipe_apply_100k_s", applied, applied.Value.Seconds, applied.Value.Note);
        report.Add("recipe_apply_100k_rss_mb", applied, applied.Value.PeakRssMb, "the peak resident memory (VmHWM) of that process");
    }

    /// <summary>The bare app, kept running (idle) through the host's measurements, to be measured before and after them.</summary>
    private static async Task<ServerProcess> StartBaselineAsync(string work)
    {
        var baseline = ServerProcess.Start(Paths.BaselineDll, new Dictionary<string, string>(), Path.Combine(work, "baseline.log"));
        await baseline.WaitUntilServedAsync("/", TimeSpan.FromSeconds(60));
        return baseline;
    }

    private async Task<Measured<WrkResult>> MeasureBaselineAsync(ServerProcess baseline, string figure)
    {
        log.Line($"{figure}: bare ASP.NET Core, a fixed 5 KB page");
        var url = baseline.BaseUri;
        return await attempts.RunAsync(figure, () => Wrk.LoadAsync(url, settings.Duration), () => Wrk.LoadAsync(url, settings.Warmup));
    }

    private async Task MeasureHostAsync(PreparedSite site, string work)
    {
        var articlePath = $"articles/{site.HotSlug}";
        ServerProcess? host = null;
        try
        {
            log.Line("cold_start_ms: process start to the first article served");
            var cold = await attempts.RunAsync("cold_start_ms", async () =>
            {
                host = StartHost(work);
                return (await host.WaitUntilServedAsync(articlePath, TimeSpan.FromSeconds(120))).TotalMilliseconds;
            }, async () =>
            {
                // A try again starts a new process: the last one is stopped before the CPU readings.
                if (host is not null) await host.DisposeAsync();
            });
            report.Add("cold_start_ms", cold, cold.Value);
            var server = host!;

            await MeasureArticleAsync(server, articlePath);
            await MeasurePageAsync(server, "home", "");
            await MeasurePageAsync(server, "author", $"authors/{site.HotAuthorSlug}");
            await MeasureUncachedAsync(server, articlePath, site.HotSlug, work);
            await MeasureQueueAsync(server, site);
            await MeasureCommentsAsync(server, site, work);
        }
        finally
        {
            if (host is not null) await host.DisposeAsync();
        }
    }

    private ServerProcess StartHost(string work) => ServerProcess.Start(hostDll, new Dictionary<string, string>
    {
        ["ClinicBlog__DataDirectory"] = work,
        ["ClinicBlog__Comments__AbuseControls"] = "Off",
    }, Path.Combine(work, "host.log"));

    /// <summary>The hot article, cached for anonymous readers; the host's peak resident memory is read during this load.</summary>
    private async Task MeasureArticleAsync(ServerProcess host, string path)
    {
        log.Line($"article_rps, rss_mb: /{path}");
        var url = new Uri(host.BaseUri, path);
        var measured = await attempts.RunAsync("article_rps", async () =>
        {
            var reset = host.ResetPeakRss();
            using var sampler = new RssSampler(host);
            var (wrk, beside) = await InTurnsWithBaselineAsync(url, Browser);
            var peak = Math.Max(sampler.Stop(), reset ? host.PeakRssMb() ?? 0 : 0);
            return (Wrk: wrk, Beside: beside, Rss: peak, Reset: reset);
        }, () => Wrk.LoadAsync(url, settings.Warmup, Browser));
        report.BaselineBeside("article_rps", measured.Value.Beside.RequestsPerSecond);
        report.Add("article_rps", measured, measured.Value.Wrk.RequestsPerSecond, InTurnsNote(measured.Value.Wrk, measured.Value.Beside));
        report.Add("article_p99_ms", measured, measured.Value.Wrk.P99Ms);
        report.Add("rss_mb", measured, measured.Value.Rss, measured.Value.Reset ? null
            : "the peak could not be reset before the load (no /proc/PID/clear_refs): VmHWM since start and sampled VmRSS");
        await NoteSizeAsync(url, "article page");
    }

    private async Task MeasurePageAsync(ServerProcess host, string name, string path)
    {
        log.Line($"{name}_rps: /{path}");
        var url = new Uri(host.BaseUri, path);
        var measured = await attempts.RunAsync($"{name}_rps", () => InTurnsWithBaselineAsync(url, Browser),
            () => Wrk.LoadAsync(url, settings.Warmup, Browser));
        var (page, beside) = measured.Value;
        report.BaselineBeside($"{name}_rps", beside.RequestsPerSecond);
        report.Add($"{name}_rps", measured, page.RequestsPerSecond, InTurnsNote(page, beside));
        report.Add($"{name}_p99_ms", measured, page.P99Ms);
        await NoteSizeAsync(url, $"{name} page");
    }

    /// <summary>
    /// The render path: a returning commenter (the antiforgery cookie, and the saved name and email of a first comment)
    /// gets a page of their own, filled in for them, which the output cache steps aside for.
    /// </summary>
    private async Task MeasureUncachedAsync(ServerProcess host, string path, string slug, string work)
    {
        log.Line($"article_uncached_rps: /{path} as a returning commenter");
        var url = new Uri(host.BaseUri, path);
        var cookie = "Cookie: " + await new CommentLoad(host.BaseUri, slug, work).ReturningCommenterCookiesAsync();
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie["Cookie: ".Length..]);
        using var check = await client.SendAsync(request);
        var page = await check.Content.ReadAsStringAsync();
        var problem = check.StatusCode != HttpStatusCode.OK ? $"with the cookies the page answers {(int)check.StatusCode}"
            : check.Headers.Age is not null ? "with the cookies the page still came from the cache (Age header)"
            : !page.Contains("returning.reader@example.com", StringComparison.Ordinal) ? "the page did not fill in the saved details"
            : null;
        var measured = await attempts.RunAsync("article_uncached_rps", () => InTurnsWithBaselineAsync(url, [cookie, .. Browser]),
            () => Wrk.LoadAsync(url, settings.Warmup, [cookie, .. Browser]));
        var (rendered, beside) = measured.Value;
        report.BaselineBeside("article_uncached_rps", beside.RequestsPerSecond);
        report.Add("article_uncached_rps", measured, rendered.RequestsPerSecond,
            string.Join("; ", new[] { problem, InTurnsNote(rendered, beside) }.Where(p => !string.IsNullOrEmpty(p))));
    }

    /// <summary>The moderation queue, signed in as the moderator: the first page, and the page reached by paging a quarter of the comments deep.</summary>
    private async Task MeasureQueueAsync(ServerProcess host, PreparedSite site)
    {
        log.Line($"queue_first_p99_ms, queue_deep_p99_ms: /{QueueProbe.QueuePath} as a moderator");
        using var queue = new QueueProbe(host.BaseUri);
        var problem = await queue.SignInAsync(SiteData.ModeratorLogin, SiteData.ModeratorPassword) is { } signIn
            ? "signing in as the moderator failed: " + signIn
            : await queue.CheckQueueAsync();
        if (problem is not null)
        {
            log.Line($"  not measured: {problem}");
            report.Missing("queue_first_p99_ms", problem);
            report.Missing("queue_deep_p99_ms", problem);
            return;
        }

        // wrk sends the same cookie all along, where a browser keeps the one the site renews: a sign-in cookie older than
        // the security-stamp interval (a minute) would be checked against the database and renewed on every request. So
        // each try signs in afresh before its warm-up; warm-up and measurement together stay well within the minute.
        string[] headers = [];
        async Task SignInAgainAsync()
        {
            if (await queue.SignInAsync(SiteData.ModeratorLogin, SiteData.ModeratorPassword) is { } failed)
                throw new InvalidOperationException("signing in as the moderator again failed: " + failed);
            headers = [$"Cookie: {queue.CookieHeader}"];
        }

        const int moderators = BenchSettings.ModeratorConnections;
        var first = new Uri(host.BaseUri, QueueProbe.QueuePath);
        var measured = await attempts.RunAsync("queue_first_p99_ms",
            () => Wrk.LoadAsync(first, settings.Duration, headers, connections: moderators),
            async () =>
            {
                await SignInAgainAsync();
                await Wrk.LoadAsync(first, settings.Warmup, headers, connections: moderators);
            });
        await SignInAgainAsync();
        var crowd = await Wrk.LoadAsync(first, settings.Duration, headers);
        report.Add("queue_first_p99_ms", measured, measured.Value.P99Ms, string.Join("; ", new[]
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{moderators} connections, {measured.Value.RequestsPerSecond:N0} pages/s; under {BenchSettings.Connections} connections (a crowd, not a moderation team): p99 {crowd.P99Ms:N1} ms at {crowd.RequestsPerSecond:N0} pages/s"),
            Problems(measured.Value),
        }.OfType<string>()));

        var depth = site.Comments / 4;
        var clock = Stopwatch.StartNew();
        var (deepPath, pages, deepProblem) = await queue.FollowPagingAsync(depth);
        log.Line($"  followed {pages:N0} pages of the queue in {clock.Elapsed.TotalSeconds:0.0} s");
        if (deepPath is null)
        {
            report.Missing("queue_deep_p99_ms", deepProblem!);
            return;
        }

        var deep = new Uri(host.BaseUri, deepPath);
        var deepMeasured = await attempts.RunAsync("queue_deep_p99_ms",
            () => Wrk.LoadAsync(deep, settings.Duration, headers, connections: moderators),
            async () =>
            {
                await SignInAgainAsync();
                await Wrk.LoadAsync(deep, settings.Warmup, headers, connections: moderators);
            });
        report.Add("queue_deep_p99_ms", deepMeasured, deepMeasured.Value.P99Ms,
            string.Create(CultureInfo.InvariantCulture, $"{depth:N0} comments deep ({pages:N0} pages), {moderators} connections, {deepMeasured.Value.RequestsPerSecond:N0} pages/s, /{deepPath}")
            + (Problems(deepMeasured.Value) is { } p ? "; " + p : ""));
    }

    /// <summary>Comments posted under load on the hot article; afterwards every accepted one must be in the database.</summary>
    private async Task MeasureCommentsAsync(ServerProcess host, PreparedSite site, string work)
    {
        log.Line($"comment_post_per_s, comments_lost: POST /articles/{site.HotSlug}/comments");
        var load = new CommentLoad(host.BaseUri, site.HotSlug, work);
        var before = await SiteData.CountCommentsAsync(work);
        var measured = await attempts.RunAsync("comment_post_per_s", () => load.PostAsync(settings.Duration), () => load.PostAsync(settings.Warmup));
        var posts = measured.Value;
        var others = posts.Statuses.Where(s => s.Key != 302).Select(s => $"{s.Value:N0} × {s.Key}").ToList();
        report.Add("comment_post_per_s", measured, posts.AcceptedPerSecond,
            $"{posts.Accepted:N0} accepted (302) in {posts.Wrk.Seconds:0.0} s" + (others.Count > 0 ? $"; other answers: {string.Join(", ", others)}" : "")
            + (posts.Wrk.SocketErrors > 0 ? $"; {posts.Wrk.SocketErrors:N0} socket errors" : ""));

        var lost = await load.LostAsync();
        var added = await SiteData.CountCommentsAsync(work) - before;
        report.AddCount("comments_lost", lost, measured.Tries,
            $"{load.AcceptedIds.Count:N0} posts accepted in all runs (warm-ups included), {added:N0} rows added");
        report.Details["posts"] = new System.Text.Json.Nodes.JsonObject { ["accepted"] = load.AcceptedIds.Count, ["rows_added"] = added };
    }

    /// <summary>A page's size as served to a client that does not ask for compression, and with gzip/br asked for.</summary>
    private async Task NoteSizeAsync(Uri url, string what)
    {
        using var plain = new HttpClient(new SocketsHttpHandler { UseCookies = false, AutomaticDecompression = DecompressionMethods.None });
        var bytes = (await plain.GetByteArrayAsync(url)).Length;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var compressed = await plain.SendAsync(request);
        var encoding = string.Join(",", compressed.Content.Headers.ContentEncoding);
        var wire = (await compressed.Content.ReadAsByteArrayAsync()).Length;
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{what} /{url.PathAndQuery.TrimStart('/')}: {bytes / 1024.0:0.0} KB of HTML; asked for gzip/br: {(encoding.Length > 0 ? $"{encoding}, {wire / 1024.0:0.0} KB" : "not compressed")}"));
    }

    private void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            log.Line($"could not remove {folder}: {e.Message}");
        }
    }

    private static string? Problems(WrkResult wrk) => wrk.Problems is { Length: > 0 } p ? p : null;

    /// <summary>
    /// A page's load and the baseline's, in turns: three slices of each (one in a quick run) making up the measurement's
    /// duration for each. The machine's speed swings by a fifth within a minute on a shared host with no steal reported
    /// (the baseline alone measured 76,000/s and 60,000/s a minute apart); in turns the swing falls on both, so the ratio
    /// says how the page compares with the bare app, not when each happened to be measured.
    /// </summary>
    private async Task<(WrkResult Page, WrkResult Baseline)> InTurnsWithBaselineAsync(Uri page, string[] headers)
    {
        var slices = Slices;
        var slice = settings.Duration / slices;
        var pages = new List<WrkResult>();
        var baselines = new List<WrkResult>();
        for (var i = 0; i < slices; i++)
        {
            baselines.Add(await Wrk.LoadAsync(baselineUrl!, slice));
            pages.Add(await Wrk.LoadAsync(page, slice, headers));
        }

        return (Wrk.Combine(pages), Wrk.Combine(baselines));
    }

    private static string InTurnsNote(WrkResult page, WrkResult beside) => string.Join("; ", new[]
    {
        string.Create(CultureInfo.InvariantCulture, $"in turns with the baseline, which made {beside.RequestsPerSecond:N0}/s meanwhile"),
        Problems(page),
    }.OfType<string>());

    private static async Task<string> CommitAsync()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse --short HEAD") { WorkingDirectory = Paths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start)!;
            var output = await git.StandardOutput.ReadToEndAsync();
            await git.WaitForExitAsync();
            return git.ExitCode == 0 ? output.Trim() : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}

/// <summary>Samples a server's resident memory every 100 ms: the peak, where VmHWM cannot be reset.</summary>
internal sealed class RssSampler : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task<double> sampling;

    public RssSampler(ServerProcess server) => sampling = SampleAsync(server, stop.Token);

    public double Stop()
    {
        stop.Cancel();
        return sampling.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        if (!stop.IsCancellationRequested) stop.Cancel();
        stop.Dispose();
    }

    private static async Task<double> SampleAsync(ServerProcess server, CancellationToken ct)
    {
        var peak = 0.0;
        while (!ct.IsCancellationRequested)
        {
            peak = Math.Max(peak, server.RssMb() ?? 0);
            try
            {
                await Task.Delay(100, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return Math.Max(peak, server.RssMb() ?? 0);
    }
}
