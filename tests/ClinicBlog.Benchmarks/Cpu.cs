using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ClinicBlog.Benchmarks;

/// <summary>
/// A reading of where the machine's CPU time went: the time its host took away (steal: the 8th number of the
/// <c>cpu</c> line of /proc/stat), all busy time, and the time of this benchmark's own processes (itself, its
/// running servers, and its finished children such as wrk). Busy time that is none of ours is other load.
/// </summary>
internal readonly record struct CpuReading(long Timestamp, double Steal, double Busy, double Ours)
{
    private static readonly double TicksPerSecond = ClockTicks();

    /// <summary>Now; null where there is no /proc/stat (not Linux).</summary>
    public static CpuReading? Read()
    {
        if (!File.Exists("/proc/stat")) return null;
        var cpu = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user). Interrupt
        // time is left out of "busy": it is not charged to any process, so the load's own loopback traffic would count as other load.
        var f = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var busy = f[0] + f[1] + f[2];
        using var self = Process.GetCurrentProcess();
        var ours = self.TotalProcessorTime.TotalSeconds + ChildrenSeconds() + ServerProcess.LiveTicks() / TicksPerSecond;
        return new CpuReading(Stopwatch.GetTimestamp(), f[7] / TicksPerSecond, busy / TicksPerSecond, ours);
    }

    /// <summary>utime + stime of a process in /proc/PID/stat, in clock ticks; 0 when it is gone.</summary>
    public static long ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After "(comm)", which may hold spaces: state is field 3, utime 14, stime 15.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>Cores stolen, and cores busy with work that is not ours, on average between two readings.</summary>
    public static (double? Steal, double? Others) Between(CpuReading? before, CpuReading? after)
    {
        if (before is not { } b || after is not { } a) return (null, null);
        var seconds = Stopwatch.GetElapsedTime(b.Timestamp, a.Timestamp).TotalSeconds;
        if (seconds <= 0) return (0, 0);
        var others = Math.Max(0, (a.Busy - b.Busy) - (a.Ours - b.Ours)) / seconds;
        return ((a.Steal - b.Steal) / seconds, others);
    }

    /// <summary>CPU time of this process's children that have ended (getrusage RUSAGE_CHILDREN): wrk, probes, stopped servers.</summary>
    private static double ChildrenSeconds()
    {
        try
        {
            var usage = new long[18];
            return getrusage(-1, usage) == 0 ? usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6 : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    private static double ClockTicks()
    {
        try
        {
            var ticks = sysconf(2); // _SC_CLK_TCK
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [DllImport("libc")]
    private static extern long sysconf(int name);

    // struct rusage on 64-bit Linux: ru_utime and ru_stime (timeval: seconds, microseconds), then 14 longs.
    [DllImport("libc")]
    private static extern int getrusage(int who, [Out] long[] usage);
}

/// <summary>One figure as measured: its value, the steal and the other load while it was measured, and the tries it took.</summary>
internal sealed record Measured<T>(T Value, double? Steal, double? Others, int Tries, bool Noisy);

/// <summary>
/// Runs a measurement, and again (up to the settings' tries, with a pause between) while more than 0.10 of a core
/// was stolen, or busy with other processes than the benchmark's (other sessions' builds and tests on a shared machine).
/// </summary>
internal sealed class Attempts(BenchSettings settings, Log log)
{
    /// <summary>The first try under both limits, or else the try with the least noise (steal plus other load).</summary>
    /// <param name="warmup">Run before each try, outside the CPU readings (a short load to warm the server).</param>
    public async Task<Measured<T>> RunAsync<T>(string figure, Func<Task<T>> measure, Func<Task>? warmup = null)
    {
        Measured<T>? best = null;
        for (var attempt = 1; attempt <= settings.MaxTries; attempt++)
        {
            if (warmup is not null) await warmup();
            var before = CpuReading.Read();
            var value = await measure();
            var (steal, others) = CpuReading.Between(before, CpuReading.Read());
            var noisy = steal > BenchSettings.StealLimit || others > BenchSettings.OtherLoadLimit;
            var measured = new Measured<T>(value, steal, others, attempt, noisy);
            if (best is null || Noise(measured) < Noise(best)) best = measured;
            if (!noisy) return measured;
            if (attempt < settings.MaxTries)
            {
                log.Line($"{figure}: {steal:0.00} of a core stolen, {others:0.00} busy with other processes; " +
                    $"trying again in {settings.RetryDelay.TotalSeconds:0} s (try {attempt + 1} of {settings.MaxTries})");
                await Task.Delay(settings.RetryDelay);
            }
        }

        log.Line(settings.MaxTries == 1
            ? $"{figure}: measured with {best!.Steal:0.00} of a core stolen and {best.Others:0.00} busy with other processes (one try only)"
            : $"{figure}: still noisy after {settings.MaxTries} tries; reporting the quietest (try {best!.Tries})");
        return best with { Tries = settings.MaxTries };
    }

    private static double Noise<T>(Measured<T> m) => (m.Steal ?? 0) + (m.Others ?? 0);
}

/// <summary>Progress on stderr, with the time since the run began, so stdout keeps only the table.</summary>
internal sealed class Log
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public void Line(string message) =>
        Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {message}");

    public TimeSpan Elapsed => clock.Elapsed;
}
