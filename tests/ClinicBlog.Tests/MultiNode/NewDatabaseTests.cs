using ClinicBlog.Data;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ClinicBlog.Tests.MultiNode;

/// <summary>Nodes pointed at a PostgreSQL server whose database does not exist yet, as a new deployment's are.</summary>
/// <remarks>Needs the PostgreSQL server that tests/run starts (CLINICBLOG_TEST_POSTGRES).</remarks>
[Collection(NodeProcesses.Name)]
public sealed class NewDatabaseTests : IDisposable
{
    private const string Article = "/articles/iastm-and-foot-pain";
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Two_nodes_started_together_with_the_same_setup_create_the_database_set_the_site_up_once_and_both_serve_it()
    {
        // Replicas of one deployment: the same connection string to a database nobody has created, the same setup.
        var name = "cbt_newdb_" + Guid.NewGuid().ToString("N")[..12];
        var database = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
        var setup = new Dictionary<string, string>
        {
            ["ClinicBlog__Setup__SiteName"] = "Replica Clinic",
            ["ClinicBlog__Setup__AdminUserName"] = SetupSettings.Default.AdminUserName,
            ["ClinicBlog__Setup__AdminEmail"] = SetupSettings.Default.AdminEmail,
            ["ClinicBlog__Setup__AdminPassword"] = SetupSettings.Default.AdminPassword,
        };
        Assert.False(await DatabaseExistsAsync(name));

        await using var nodeA = NodeProcess.Start(database, Path.Combine(folder.Path, "a"), setup);
        await using var nodeB = NodeProcess.Start(database, Path.Combine(folder.Path, "b"), setup);
        await Task.WhenAll(
            nodeA.WaitForAsync(Article, "IASTM And Foot Pain", TimeSpan.FromSeconds(90)),
            nodeB.WaitForAsync(Article, "IASTM And Foot Pain", TimeSpan.FromSeconds(90)));
        await nodeA.WaitForAsync("/", "Replica Clinic", TimeSpan.FromSeconds(10));
        await nodeB.WaitForAsync("/", "Replica Clinic", TimeSpan.FromSeconds(10));

        // Set up once: one administrator, one copy of the recipe's content.
        var options = new DbContextOptionsBuilder<PostgresClinicBlogDbContext>().UseNpgsql(database).Options;
        await using var db = new PostgresClinicBlogDbContext(options);
        var counts = await StoredCounts.ReadAsync(db);
        Assert.Equal((1, 5, 3, 1), (counts.Users, counts.Articles, counts.Authors, counts.SiteSettings));
        Assert.Equal(1, await db.UserRoles.CountAsync());
        Assert.DoesNotContain("Unhandled exception", nodeA.Output + nodeB.Output);
    }

    [Fact]
    public async Task A_node_whose_account_may_not_create_the_missing_database_stops_with_one_line_saying_what_to_run()
    {
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = 'nocreate'", connection);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand("CREATE ROLE nocreate LOGIN NOCREATEDB", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        var name = "cbt_nocreate_" + Guid.NewGuid().ToString("N")[..12];
        var server = new NpgsqlConnectionStringBuilder(Server);
        var database = new NpgsqlConnectionStringBuilder(Server) { Database = name, Username = "nocreate" }.ConnectionString;

        await using var node = NodeProcess.Start(database, folder.Path);
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, exitCode);
        var lines = node.ErrorOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.Equal(
            $"The database \"{name}\" does not exist on {server.Host}:{server.Port} and the account \"nocreate\" may not create it. "
            + $"Create it with: createdb -h {server.Host} -p {server.Port} -U <admin> -O nocreate {name}",
            line);
        Assert.DoesNotContain("   at ", node.Output);
        Assert.False(await DatabaseExistsAsync(name));
    }

    private static string Server => TestDatabase.PostgresServer ?? throw new InvalidOperationException(
        "No PostgreSQL server for the tests: run them with tests/run, which starts one (CLINICBLOG_TEST_POSTGRES is not set).");

    private static async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync() is not null;
    }
}
