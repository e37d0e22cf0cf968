using ClinicBlog.Caching;
using ClinicBlog.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicBlog.Data;

/// <summary>The database, its migrations and the keys stored in it.</summary>
internal static class DataFeature
{
    internal static IServiceCollection AddClinicBlogData(this IServiceCollection services, ClinicBlogStorageOptions storage)
    {
        var connectionString = storage.ResolveConnectionString();
        services.AddSingleton<DataChangeWatcher>();
        switch (storage.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddSingleton<SqliteWriteGate>();
                services.AddDbContextPool<ClinicBlogDbContext, SqliteClinicBlogDbContext>((sp, o) =>
                    UseSqlite(o, connectionString).AddInterceptors(sp.GetRequiredService<SqliteWriteGate>(), sp.GetRequiredService<DataChangeWatcher>()));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextPool<ClinicBlogDbContext, PostgresClinicBlogDbContext>((sp, o) =>
                    UsePostgres(o, connectionString).AddInterceptors(sp.GetRequiredService<DataChangeWatcher>()));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{storage.Provider}'.");
        }

        // Keys live in the database: sign-in cookies and encrypted emails survive restarts and are shared by nodes.
        services.AddDataProtection()
            .SetApplicationName("ClinicBlog")
            .PersistKeysToDbContext<ClinicBlogDbContext>();

        services.AddIdentityCore<ClinicBlogUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ClinicBlogDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        return services;
    }

    internal static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(DataFeature).Assembly.FullName));

    internal static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString, s => s.MigrationsAssembly(typeof(DataFeature).Assembly.FullName));

    /// <summary>Creates or upgrades the database; nodes starting together on PostgreSQL take turns.</summary>
    /// <exception cref="DatabaseNotReadyException">The PostgreSQL database is missing and the account may not create it.</exception>
    internal static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        if (db.Database.IsSqlite())
        {
            var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (folder is not null) Directory.CreateDirectory(folder);
        }
        else if (db.Database.IsNpgsql())
        {
            // A new deployment may point at a server where nobody has made the database yet: the lock below is taken
            // inside it, so it must exist first.
            await PostgresDatabase.EnsureExistsAsync(db.Database.GetConnectionString()!, ct);
        }

        // Most starts find nothing to do: reading the history is cheap, where Migrate also compares the whole model with
        // the last snapshot (a tenth of a cold start).
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Any();
        if (pending && db.Database.IsNpgsql())
        {
            // Nodes starting together on a new database each saw migrations pending and ran them twice (EF Core's own
            // lock did not hold them apart): one session-level advisory lock, on a connection held open through the
            // migration, lets one node migrate while the others wait, then find nothing left to do.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7361029384)", ct);
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7361029384)", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
        else if (pending)
        {
            await db.Database.MigrateAsync(ct);
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers go on while a comment is written; the setting stays in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("ClinicBlog.Data")
            .LogDebug("Database is up to date");
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a running host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteClinicBlogDbContext>
{
    public SqliteClinicBlogDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqliteClinicBlogDbContext>();
        DataFeature.UseSqlite(o, "Data Source=design.db");
        return new SqliteClinicBlogDbContext(o.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresClinicBlogDbContext>
{
    public PostgresClinicBlogDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresClinicBlogDbContext>();
        DataFeature.UsePostgres(o, "Host=localhost;Database=clinicblog_design");
        return new PostgresClinicBlogDbContext(o.Options);
    }
}
