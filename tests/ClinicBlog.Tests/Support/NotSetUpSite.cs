namespace ClinicBlog.Tests.Support;

/// <summary>
/// A site over an empty data directory of its own, started without <c>ClinicBlog:Setup:*</c> (so not set up), for the
/// tests of one class; removed after each test, since xunit makes a class anew for each.
/// </summary>
public abstract class NotSetUpSite : IAsyncLifetime
{
    private readonly TempDirectory folder = new();

    internal SiteFactory Factory { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        Factory = new SiteFactory(folder.Path, setup: null);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        folder.Dispose();
    }
}
