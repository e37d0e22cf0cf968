namespace ClinicBlog.Data;

/// <summary>When a background job last ran, in the database so that several nodes share one schedule.</summary>
internal sealed class JobState
{
    public string Name { get; set; } = "";
    public DateTime LastRunUtc { get; set; }
}
