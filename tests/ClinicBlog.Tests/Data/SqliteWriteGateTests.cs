using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicBlog.Tests.Data;

/// <summary>On SQLite, writes take turns at the gate; a save with nothing to write does not queue behind them.</summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly SqliteWriteGate gate = new();
    private readonly HeldWrite held = new();

    public void Dispose()
    {
        gate.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task A_second_writer_waits_for_the_first_and_a_save_with_no_changes_does_not()
    {
        await using (var setup = Context())
        {
            await setup.Database.MigrateAsync();
        }

        // The first writer passes the gate and is held inside its save.
        await using var first = Context(held);
        first.ReplySubscribers.Add(Subscriber("first"));
        var firstSave = first.SaveChangesAsync();
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // A save with nothing to write returns while the first writer is still in.
        await using var reader = Context();
        _ = await reader.ReplySubscribers.CountAsync();
        Assert.Equal(0, await reader.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        // A second writer waits at the gate.
        await using var second = Context();
        second.ReplySubscribers.Add(Subscriber("second"));
        var secondSave = second.SaveChangesAsync();
        await Task.Delay(300);
        Assert.False(secondSave.IsCompleted, "the second writer went through while the first was writing");

        held.Release.SetResult();
        Assert.Equal(1, await firstSave.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await secondSave.WaitAsync(TimeSpan.FromSeconds(10)));
        await using var check = Context();
        Assert.Equal(["first", "second"], await check.ReplySubscribers.OrderBy(s => s.EmailHash).Select(s => s.EmailHash).ToListAsync());
    }

    private SqliteClinicBlogDbContext Context(params IInterceptor[] after)
    {
        var options = new DbContextOptionsBuilder<SqliteClinicBlogDbContext>();
        DataFeature.UseSqlite(options, $"Data Source={Path.Combine(folder.Path, "gate.db")}").AddInterceptors([gate, .. after]);
        return new SqliteClinicBlogDbContext(options.Options);
    }

    private static ReplySubscriber Subscriber(string hash) => new() { EmailHash = hash, ProtectedEmail = "x", CreatedUtc = DateTime.UtcNow };

    /// <summary>Runs after the gate: holds the save that passed it until the test lets it go.</summary>
    private sealed class HeldWrite : SaveChangesInterceptor
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Release.Task;
            return result;
        }
    }
}
