using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ClinicBlog.Benchmarks;

/// <summary>The host as a clinic deploys it: <c>dotnet publish</c> in Release, compiled ahead (ReadyToRun) for this machine.</summary>
/// <remarks>
/// ReadyToRun code starts without waiting for the JIT (about a third of a cold start here); the hot paths are compiled
/// again by the tiered JIT as they run, so throughput is that of any Release build. A quick run skips this step and
/// uses the Release build, since it only shows that every step still works.
/// </remarks>
internal static class HostPublish
{
    public static async Task<string> PublishAsync(Log log)
    {
        var output = Path.Combine(Paths.WorkRoot, "host");
        var rid = RuntimeInformation.RuntimeIdentifier;
        log.Line($"publishing the host (Release, ReadyToRun for {rid}) to {output}");
        var start = new ProcessStartInfo(Paths.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Paths.RepoRoot,
        };
        // Started from `dotnet run`, this process carries MSBuild's variables; the child builds on its own.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var arg in new[]
                 {
                     "publish", Path.Combine("src", "ClinicBlog.Web"), "-c", "Release", "-r", rid, "--self-contained", "false",
                     "-p:PublishReadyToRun=true", "-o", output, "-nologo", "-v", "q",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish of the host failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return Path.Combine(output, "ClinicBlog.Web.dll");
    }
}
