using ClinicBlog.Data;
using Npgsql;

namespace ClinicBlog.Tests.Support;

/// <summary>Which database the integration suite runs on: SQLite by default, PostgreSQL when tests/run asks for it.</summary>
/// <remarks>
/// tests/run starts a throwaway PostgreSQL cluster, sets <c>CLINICBLOG_TEST_POSTGRES</c> to its connection string
/// for every test, and runs the integration suite a second time with <c>CLINICBLOG_TEST_PROVIDER=Postgres</c>.
/// Each data directory gets its own database, so two hosts on one data directory (a restart) share it.
/// </remarks>
internal static class TestDatabase
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("CLINICBLOG_TEST_POSTGRES");

    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable("CLINICBLOG_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The provider and connection string for a site over <paramref name="dataDirectory"/>; null connection string means SQLite's default file.</summary>
    public static (DatabaseProvider Provider, string? ConnectionString) For(string dataDirectory) =>
        UsePostgres ? (DatabaseProvider.Postgres, CreatePostgresDatabase(NameFor(dataDirectory))) : (DatabaseProvider.Sqlite, null);

    /// <summary>A new, empty PostgreSQL database on the test server; fails with a clear message when there is none.</summary>
    public static string CreatePostgresDatabase(string name)
    {
        var server = PostgresServer ?? throw new InvalidOperationException(
            "No PostgreSQL server for the tests: run them with tests/run, which starts one (CLINICBLOG_TEST_POSTGRES is not set).");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                create.ExecuteNonQuery();
            }
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static string NameFor(string dataDirectory) =>
        "cbt_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];
}
