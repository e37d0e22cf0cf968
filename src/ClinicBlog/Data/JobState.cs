namespace ClinicBlog.Data;

/// <summary>When a background job last ran, in the database so that several nodes share one schedule.</summary>
internal sealed class JobState
{
    public string Name { get; set; } = "";
    public DateTime LastRunUtc { get; set; }
}

/// <summary>When background jobs begin after start-up.</summary>
/// <remarks>
/// Hosted services start before the server listens: jobs that ran at once (mail, scheduled articles, the digest)
/// compiled their queries on the cores the first request needed, about a fifth of a cold start.
/// </remarks>
internal static class JobStart
{
    internal static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);

    /// <summary>Waits out the start-up delay in real time (the jobs' clocks may be a test's fake clock).</summary>
    internal static Task DelayAsync(CancellationToken ct) => Task.Delay(Delay, TimeProvider.System, ct);
}
