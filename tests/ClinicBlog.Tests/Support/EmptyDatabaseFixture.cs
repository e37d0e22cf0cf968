namespace ClinicBlog.Tests.Support;

/// <summary>One migrated, empty database shared by tests that only validate (validation changes nothing).</summary>
public sealed class EmptyDatabaseFixture : IAsyncLifetime
{
    internal ModuleDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await ModuleDatabase.CreateAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
