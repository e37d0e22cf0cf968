using Npgsql;

namespace ClinicBlog.Data;

/// <summary>The database cannot be used as configured; the message is one line saying what to do about it.</summary>
/// <remarks>Public so that a host can print the message alone, without a stack trace, and stop.</remarks>
public sealed class DatabaseNotReadyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Creates the site's PostgreSQL database when it does not exist yet, as EF Core's migrations would.</summary>
internal static class PostgresDatabase
{
    // Advisory locks are held per database, so nodes meet in the maintenance database to create the site's one at a
    // time (the migration's lock is then taken in the site's own database).
    private const long CreateLock = 7361029385;
    private const string MaintenanceDatabase = "postgres";

    /// <summary>Returns when the database in <paramref name="connectionString"/> exists, having created it if need be.</summary>
    /// <exception cref="DatabaseNotReadyException">It is missing and the account may not create it.</exception>
    internal static async Task EnsureExistsAsync(string connectionString, CancellationToken ct)
    {
        // Checked before EF Core touches the database: its connection would log a missing one as an error, twice.
        if (await ExistsAsync(connectionString, ct)) return;

        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = DatabaseName(target);
        // No pooling: closing the connection ends the session, and with it the lock, whatever happens below.
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = MaintenanceDatabase, Pooling = false };
        await using var admin = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await admin.OpenAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InsufficientPrivilege)
        {
            // No maintenance database to create it from, or no right to connect to it: the same remedy.
            throw MayNotCreate(target, name, e);
        }

        await ExecuteAsync(admin, $"SELECT pg_advisory_lock({CreateLock})", ct);
        // Another node may have created it while this one waited for the lock.
        await using (var listed = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin))
        {
            listed.Parameters.AddWithValue("name", name);
            if (await listed.ExecuteScalarAsync(ct) is not null) return;
        }

        try
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {QuoteIdentifier(name)}", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created meanwhile by someone who does not take the lock (an operator, another tool): it exists, as wanted.
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw MayNotCreate(target, name, e);
        }
    }

    private static async Task<bool> ExistsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Npgsql's own default when the connection string names no database: the user's name.</summary>
    private static string DatabaseName(NpgsqlConnectionStringBuilder target) =>
        target.Database is { Length: > 0 } database ? database : UserName(target);

    private static string UserName(NpgsqlConnectionStringBuilder target) =>
        target.Username is { Length: > 0 } user ? user : Environment.UserName;

    private static DatabaseNotReadyException MayNotCreate(NpgsqlConnectionStringBuilder target, string name, Exception inner)
    {
        var user = UserName(target);
        return new DatabaseNotReadyException(
            $"The database \"{name}\" does not exist on {target.Host}:{target.Port} and the account \"{user}\" may not create it. "
            + $"Create it with: createdb -h {ShellWord(target.Host ?? "localhost")} -p {target.Port} -U <admin> -O {ShellWord(user)} {ShellWord(name)}",
            inner);
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A word the shell passes on as it is: quoted when it holds anything but plain characters.</summary>
    private static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or ',')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
