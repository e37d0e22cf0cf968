using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClinicBlog.Tests.Support;

namespace ClinicBlog.Tests.MultiNode;

/// <summary>One web node: the real host as its own process on a loopback port, sharing a PostgreSQL database with others.</summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();

    private NodeProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output)
            {
                output.AppendLine(e.Data);
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    /// <summary>Standard output and standard error, interleaved as they arrived.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Standard error alone: what an operator sees of a node that would not start.</summary>
    public string ErrorOutput
    {
        get { lock (output) return errors.ToString(); }
    }

    /// <summary>How many times <paramref name="text"/> occurs in the node's output so far.</summary>
    public int CountInOutput(string text)
    {
        var all = Output;
        var count = 0;
        for (var i = all.IndexOf(text, StringComparison.Ordinal); i >= 0; i = all.IndexOf(text, i + text.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    public static NodeProcess Start(string connectionString, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ClinicBlog.Web.dll"), "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Error",
                ["ClinicBlog__DataDirectory"] = dataDirectory,
                ["ClinicBlog__RecipesDirectory"] = TestPaths.RecipesDirectory,
                ["ClinicBlog__Database__Provider"] = "Postgres",
                ["ClinicBlog__Database__ConnectionString"] = connectionString,
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return new NodeProcess(Process.Start(start)!, $"http://127.0.0.1:{port}");
    }

    /// <summary>Waits until the node answers <paramref name="path"/> with a page containing <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string path, string text, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var deadline = DateTime.UtcNow + timeout;
        string last = "nothing";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"Node {BaseUrl} exited ({process.ExitCode}):\n{Output}");
            try
            {
                var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && body.Contains(text, StringComparison.Ordinal)) return;
                last = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Node {BaseUrl} did not show '{text}' at {path} in {timeout.TotalSeconds} s (last: {last}):\n{Output}");
    }

    /// <summary>Waits for the node to exit by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Node {BaseUrl} did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The test classes that start node processes run one after another, not side by side.</summary>
/// <remarks>Each starts two or more real hosts from cold; on a two-core machine shared with other builds, the classes'
/// nodes starting all at once only make each other slower to answer.</remarks>
[CollectionDefinition(Name)]
public sealed class NodeProcesses
{
    public const string Name = "Node processes";
}
