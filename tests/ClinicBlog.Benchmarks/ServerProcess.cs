using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClinicBlog.Benchmarks;

/// <summary>A web app started as its own process (<c>dotnet X.dll --urls http://127.0.0.1:PORT</c>, cwd = its folder).</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly List<int> Live = [];

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string logFile;

    private ServerProcess(Process process, Uri baseUri, long startedAt, string logFile)
    {
        this.process = process;
        BaseUri = baseUri;
        StartedAt = startedAt;
        this.logFile = logFile;
    }

    public Uri BaseUri { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp just before the process was started.</summary>
    public long StartedAt { get; }

    public int Id => process.Id;

    /// <summary>Starts the app on a free loopback port, in Production, logging warnings and errors only.</summary>
    public static ServerProcess Start(string dll, IReadOnlyDictionary<string, string> settings, string logFile)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Paths.Dotnet)
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");

        // Nothing of the caller's ASP.NET Core or ClinicBlog settings reaches the app: only what is given here.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ClinicBlog__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), startedAt, logFile);
        lock (Live) Live.Add(process.Id);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; returns the time from process start to that answer.</summary>
    public async Task<TimeSpan> WaitUntilServedAsync(string path, TimeSpan timeout)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var url = new Uri(BaseUri, path);
        HttpStatusCode? last = null;
        while (Stopwatch.GetElapsedTime(StartedAt) < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited ({process.ExitCode}) before serving {path}:\n{Output}");
            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    await response.Content.ReadAsByteArrayAsync();
                    return Stopwatch.GetElapsedTime(StartedAt);
                }

                last = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{url} did not answer 200 within {timeout.TotalSeconds:0} s (last: {last?.ToString() ?? "no answer"}):\n{Output}");
    }

    /// <summary>Resets the peak resident set (VmHWM) to the current one, so a later <see cref="PeakRssMb"/> covers only what follows.</summary>
    public bool ResetPeakRss()
    {
        try
        {
            File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public double? PeakRssMb() => StatusKb("VmHWM") / 1024.0;

    public double? RssMb() => StatusKb("VmRSS") / 1024.0;

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    /// <summary>CPU time (clock ticks) of the servers running now, for <see cref="CpuReading"/>.</summary>
    public static long LiveTicks()
    {
        lock (Live) return Live.Sum(CpuReading.ProcessTicks);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Reaped now: from here its CPU time counts among the benchmark's finished children.
        lock (Live) Live.Remove(process.Id);

        await File.WriteAllTextAsync(logFile, Output);
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private long? StatusKb(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
