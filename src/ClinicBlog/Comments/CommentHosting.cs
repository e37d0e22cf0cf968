namespace ClinicBlog.Comments;

public enum AbuseControls
{
    On,
    Off,
}

/// <summary>Hosting switches for comments (<c>ClinicBlog:Comments</c>); the comment policy itself is site data.</summary>
public sealed class CommentHosting
{
    /// <summary>Off lifts the time trap, the flood interval and the per-IP rate limit, for load tests from one address.</summary>
    public AbuseControls AbuseControls { get; set; } = AbuseControls.On;

    /// <summary>Comment posts allowed per IP address per minute (ASP.NET Core's rate limiter, per node).</summary>
    public int PostsPerMinutePerIp { get; set; } = 6;
}
