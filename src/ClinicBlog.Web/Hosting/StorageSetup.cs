using ClinicBlog.Data;

namespace ClinicBlog.Web.Hosting;

/// <summary>Reads <c>ClinicBlog:DataDirectory</c> and <c>ClinicBlog:Database:*</c> into the module's storage options, and readies the database.</summary>
internal static class StorageSetup
{
    internal static ClinicBlogStorageOptions AddClinicBlogStorage(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("ClinicBlog");
        var dataDirectory = config["DataDirectory"] is { Length: > 0 } dir
            ? Path.GetFullPath(dir, builder.Environment.ContentRootPath)
            : Path.Combine(builder.Environment.ContentRootPath, "App_Data");
        Directory.CreateDirectory(dataDirectory);

        var provider = config["Database:Provider"] is { Length: > 0 } name
            ? Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var p)
                ? p
                : throw new InvalidOperationException($"ClinicBlog:Database:Provider '{name}' is not known: use Sqlite or Postgres.")
            : DatabaseProvider.Sqlite;

        var storage = new ClinicBlogStorageOptions
        {
            DataDirectory = dataDirectory,
            Provider = provider,
            ConnectionString = config["Database:ConnectionString"],
        };
        if (config["RecipesDirectory"] is { Length: > 0 } recipes)
            storage.RecipesDirectory = Path.GetFullPath(recipes, builder.Environment.ContentRootPath);
        return storage;
    }

    /// <summary>Creates or upgrades the database; false when it cannot be, having said why in one line on stderr.</summary>
    internal static async Task<bool> PrepareClinicBlogDatabaseAsync(this WebApplication app)
    {
        try
        {
            await app.Services.MigrateClinicBlogDatabaseAsync();
            return true;
        }
        catch (DatabaseNotReadyException e)
        {
            // Something for the operator to do, not a fault in the code: the remedy alone, without a stack trace.
            await Console.Error.WriteLineAsync(e.Message);
            return false;
        }
    }
}
