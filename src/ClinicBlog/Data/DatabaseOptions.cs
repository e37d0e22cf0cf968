namespace ClinicBlog.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the module keeps its data: given by the host (configuration <c>ClinicBlog:*</c>).</summary>
public sealed class ClinicBlogStorageOptions
{
    /// <summary>The folder for the SQLite file, mail written to disk and other local files.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty for SQLite means <c>clinicblog.db</c> in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder that holds <c>*.recipe.json</c> files.</summary>
    public string RecipesDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "recipes");

    internal string ResolveConnectionString() => Provider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={Path.Combine(DataDirectory, "clinicblog.db")}",
        _ when string.IsNullOrWhiteSpace(ConnectionString) =>
            throw new InvalidOperationException(
                "ClinicBlog:Database:ConnectionString is required when ClinicBlog:Database:Provider is Postgres."),
        _ => ConnectionString!,
    };
}
