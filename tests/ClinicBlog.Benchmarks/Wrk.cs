using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ClinicBlog.Benchmarks;

/// <summary>What one wrk run reported.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P99Ms, long Requests, double Seconds, long Non2xx3xx, long SocketErrors, string Output)
{
    /// <summary>"" when every response was 2xx or 3xx and no socket failed; otherwise what went wrong.</summary>
    public string Problems => string.Join("; ", new[]
    {
        Non2xx3xx > 0 ? $"{Non2xx3xx:N0} of {Requests:N0} responses were not 2xx/3xx" : null,
        SocketErrors > 0 ? $"{SocketErrors:N0} socket errors (connect, read, write, timeout)" : null,
    }.OfType<string>());
}

/// <summary>Runs wrk (<c>-t2 -c64 --latency</c>) and reads its report; installs it with apt when it is missing.</summary>
internal static partial class Wrk
{
    public static string Version { get; private set; } = "";

    /// <summary>Where every report is copied (wrk-001.txt, …), with its command line; null for nowhere.</summary>
    public static string? ReportFolder { get; set; }

    private static int reports;

    public static async Task EnsureInstalledAsync(Log log)
    {
        if (Find() is null)
        {
            // tests/run installs it first; run alone, the benchmark does, waiting for another apt's lock rather than failing.
            log.Line("wrk is missing: apt-get install -y wrk");
            string[] install = ["install", "-y", "-o", "DPkg::Lock::Timeout=600", "wrk"];
            if (await ShellAsync("apt-get", install) != 0)
            {
                await ShellAsync("apt-get", "update");
                if (await ShellAsync("apt-get", install) != 0 || Find() is null)
                    throw new InvalidOperationException("wrk is missing and `apt-get install -y wrk` failed: install wrk, then run again.");
            }
        }

        var (_, output) = await RunAsync(["-v"], null, TimeSpan.FromSeconds(10));
        Version = VersionPattern().Match(output) is { Success: true } m ? m.Groups[1].Value : "?";
    }

    /// <summary>Load on one address for <paramref name="duration"/>; headers as "Name: value".</summary>
    public static async Task<WrkResult> LoadAsync(Uri url, TimeSpan duration, IEnumerable<string>? headers = null,
        string? script = null, IDictionary<string, string>? environment = null, int connections = BenchSettings.Connections)
    {
        var args = new List<string>
        {
            $"-t{Math.Min(BenchSettings.Threads, connections)}", $"-c{connections}",
            $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--timeout", "5s", "--latency",
        };
        foreach (var header in headers ?? []) args.AddRange(["-H", header]);
        if (script is not null) args.AddRange(["-s", script]);
        args.Add(url.ToString());
        var (exit, output) = await RunAsync(args, environment, duration + TimeSpan.FromSeconds(30));
        if (ReportFolder is not null)
            await File.WriteAllTextAsync(Path.Combine(ReportFolder, $"wrk-{Interlocked.Increment(ref reports):D3}.txt"), $"wrk {string.Join(' ', args)}\n{output}");
        if (exit != 0) throw new InvalidOperationException($"wrk {string.Join(' ', args)} failed ({exit}):\n{output}");
        return Parse(output);
    }

    /// <summary>Slices of one load as one: requests over the time they took; the highest slice's p99 (never flattering).</summary>
    public static WrkResult Combine(IReadOnlyList<WrkResult> slices)
    {
        var requests = slices.Sum(r => r.Requests);
        var seconds = slices.Sum(r => r.Seconds);
        return new WrkResult(seconds > 0 ? requests / seconds : 0, slices.Max(r => r.P99Ms), requests, seconds,
            slices.Sum(r => r.Non2xx3xx), slices.Sum(r => r.SocketErrors), string.Join("\n", slices.Select(r => r.Output)));
    }

    internal static WrkResult Parse(string output)
    {
        var rps = RpsPattern().Match(output);
        var p99 = P99Pattern().Match(output);
        var total = TotalPattern().Match(output);
        if (!rps.Success || !p99.Success || !total.Success) throw new FormatException($"Cannot read wrk's report:\n{output}");
        var non2xx = Non2xxPattern().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketPattern().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            ToMs(p99.Groups[1].Value, p99.Groups[2].Value),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            ToMs(total.Groups[2].Value, total.Groups[3].Value) / 1000,
            non2xx, socket, output);
    }

    private static double ToMs(string number, string unit)
    {
        var value = double.Parse(number, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            "h" => value * 3_600_000,
            _ => throw new FormatException($"Unknown unit '{unit}' in wrk's report."),
        };
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists);

    private static async Task<(int Exit, string Output)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"wrk did not finish within {timeout.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<int> ShellAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await output;
            await error;
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    [GeneratedRegex(@"wrk (\S+)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsPattern();

    [GeneratedRegex(@"^\s+99%\s+([\d.]+)(us|ms|s|m|h)\s*$", RegexOptions.Multiline)]
    private static partial Regex P99Pattern();

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)(us|ms|s|m|h)")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxPattern();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketPattern();
}
