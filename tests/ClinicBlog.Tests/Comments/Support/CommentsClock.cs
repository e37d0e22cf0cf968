namespace ClinicBlog.Tests.Comments.Support;

/// <summary>A clock the tests move by hand: the time trap and the flood interval are tested without sleeping.</summary>
/// <remarks>Starts at the real time, so Data Protection keys and cookies (which use the real clock) stay valid.</remarks>
public sealed class CommentsClock : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate) return now;
    }

    public void Advance(TimeSpan by)
    {
        lock (gate) now += by;
    }

    public void AdvanceSeconds(double seconds) => Advance(TimeSpan.FromSeconds(seconds));
}
