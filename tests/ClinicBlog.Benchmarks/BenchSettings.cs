using System.Reflection;

namespace ClinicBlog.Benchmarks;

/// <summary>How big the site is.</summary>
/// <param name="Articles">Published articles in all, the recipe's five included.</param>
/// <param name="Authors">Author bios in all, the recipe's three included.</param>
/// <param name="Comments">Comments in all (60 % approved, 30 % pending, 10 % spam), the hot article's included.</param>
internal sealed record SiteSize(string Name, int Articles, int Authors, int Comments)
{
    /// <summary>Approved comments under the hot article, some of them replies.</summary>
    public const int HotApproved = 50;

    public static readonly SiteSize Full = new("full", 1_000, 100, 200_000);
    public static readonly SiteSize Quick = new("quick", 20, 5, 2_000);

    /// <summary>How deep the second queue page is: 50,000 of 200,000, a quarter of the comments.</summary>
    public int QueueDepth => Comments / 4;
}

/// <summary>What one run does: the size, the load, and how it treats steal. Read from the command line.</summary>
internal sealed record BenchSettings(
    SiteSize Size,
    bool Quick,
    string? OutFile,
    bool FreshData,
    bool Keep,
    TimeSpan Duration,
    TimeSpan Warmup,
    int MaxTries,
    TimeSpan RetryDelay)
{
    /// <summary>Content items in the large recipe applied from the command line (<c>recipe_apply_100k_s</c>, issue 14).</summary>
    public int RecipeItems => Quick ? 2_000 : 100_000;

    public const int Threads = 2;
    public const int Connections = 64;

    /// <summary>The queue's load: a moderation team of four, each asking for the next page the moment one arrives (no
    /// reading time), which is more than a clinic's moderators ever do. The public pages get the 64 connections of a
    /// crowd of readers; the queue's latency under 64 is reported beside it as a note.</summary>
    public const int ModeratorConnections = 4;

    /// <summary>More steal than this (in cores, during one measurement) and the measurement is repeated.</summary>
    public const double StealLimit = 0.10;

    /// <summary>More CPU than this (in cores) used by processes not the benchmark's, and the measurement is repeated too.</summary>
    public const double OtherLoadLimit = 0.10;

    public const string Usage =
        "usage: dotnet run -c Release --project tests/ClinicBlog.Benchmarks [-- [--quick] [--out FILE] [--fresh-data] [--keep]]\n" +
        "  --quick       a tiny site and 2-second runs, one try each (what the test runs)\n" +
        "  --out FILE    also write the figures as JSON\n" +
        "  --fresh-data  prepare the site again instead of using the cached copy\n" +
        "  --keep        keep the run's working folder (database, host.log, every wrk report)";

    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var quick = false;
        var fresh = false;
        var keep = false;
        string? outFile = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--fresh-data":
                    fresh = true;
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--out" when i + 1 < args.Count:
                    outFile = Path.GetFullPath(args[++i]);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        return quick
            ? new BenchSettings(SiteSize.Quick, true, outFile, fresh, keep, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1))
            // A 30 s warm-up: the figures are steady-state ones, and on two cores busy with the load the JIT's second
            // tier takes 20 to 30 s to finish the personal render path (after a 5 s warm-up it measured a fifth below its
            // steady state, after 15 s a tenth). The queue's sign-in still has a minute for warm-up and measurement.
            : new BenchSettings(SiteSize.Full, false, outFile, fresh, keep, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), 4, TimeSpan.FromSeconds(30));
    }
}

/// <summary>Where things are: the repository, the built host and baseline, the cache of prepared sites.</summary>
internal static class Paths
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static string Configuration => Metadata("Configuration");

    public static string RecipesDirectory => Path.Combine(RepoRoot, "recipes");

    public static string SetupRecipe => Path.Combine(RecipesDirectory, "clinic-blog.recipe.json");

    public static string HostDll => Built("src/ClinicBlog.Web", "ClinicBlog.Web.dll");

    public static string BaselineDll => Built("tests/ClinicBlog.Benchmarks.Baseline", "ClinicBlog.Benchmarks.Baseline.dll");

    /// <summary>Prepared sites (kept between runs, by size and content) and each run's working copy.</summary>
    public static string WorkRoot => Path.Combine(Path.GetTempPath(), "clinicblog-bench");

    /// <summary>The dotnet executable that runs this program, to start the host and the probes with.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";

    private static string Built(string project, string dll)
    {
        var path = Path.Combine(RepoRoot, project, "bin", Configuration, Metadata("TargetFramework"), dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: run the benchmark with `dotnet run -c Release --project tests/ClinicBlog.Benchmarks`, which builds it.");
    }

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClinicBlog.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No ClinicBlog.sln above {AppContext.BaseDirectory}.");
    }
}
