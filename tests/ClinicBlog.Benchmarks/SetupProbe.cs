using System.Diagnostics;
using System.Globalization;
using ClinicBlog.Recipes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Benchmarks;

/// <summary>
/// <c>setup_ms</c>: the setup recipe applied to an empty database, in a fresh process each time (`--setup-probe DIR`),
/// so every try pays the same first-use costs the site's own setup pays. The database is migrated first, untimed, as
/// the host does before setup.
/// </summary>
internal static class SetupProbe
{
    public const string Argument = "--setup-probe";

    /// <summary>In the child process: migrate, then time <see cref="RecipeCommands.ApplyFileAsync"/>; prints <c>setup_ms=N</c>.</summary>
    public static async Task<int> RunAsync(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        await using var services = SiteData.ModuleServices(dataDirectory);
        await services.MigrateClinicBlogDatabaseAsync();
        var recipes = services.GetRequiredService<RecipeCommands>();
        var clock = Stopwatch.StartNew();
        var result = await recipes.ApplyFileAsync(Paths.SetupRecipe);
        clock.Stop();
        if (!result.Succeeded)
        {
            Console.Error.WriteLine("The setup recipe did not apply: " + string.Join(Environment.NewLine, result.Errors));
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup_ms={clock.Elapsed.TotalMilliseconds:0.0}"));
        return 0;
    }

    /// <summary>In the benchmark: runs the probe as a child process on a fresh folder and reads its answer.</summary>
    public static async Task<double> MeasureAsync()
    {
        var folder = Path.Combine(Paths.WorkRoot, $"setup-probe-{Environment.ProcessId}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        try
        {
            var start = new ProcessStartInfo(Paths.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(typeof(SetupProbe).Assembly.Location);
            start.ArgumentList.Add(Argument);
            start.ArgumentList.Add(folder);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout;
            var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("setup_ms=", StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null)
                throw new InvalidOperationException($"The setup probe failed ({process.ExitCode}):\n{output}{await stderr}");
            return double.Parse(line["setup_ms=".Length..], CultureInfo.InvariantCulture);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
