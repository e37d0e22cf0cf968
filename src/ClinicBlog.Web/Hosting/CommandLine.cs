using ClinicBlog.Recipes;

namespace ClinicBlog.Web.Hosting;

/// <summary>What the command line asks for: serve the site, show the commands, or run one.</summary>
/// <param name="Problem">Why the words are not a command the program knows (then it exits with 2 and the list).</param>
internal sealed record CommandLineRequest(CommandLineAction Action, IReadOnlyList<string> Words, string? Problem = null);

internal enum CommandLineAction
{
    /// <summary>No command, or only host settings such as <c>--urls</c> and <c>--ClinicBlog:DataDirectory=…</c>.</summary>
    Serve,
    Help,
    Recipe,
    Wrong,
}

/// <summary>
/// The program's commands: <c>recipe validate FILE</c>, <c>recipe apply FILE</c> and <c>--help</c>; anything else that
/// is not a host setting is refused with the list, before the database is touched.
/// </summary>
internal static class CommandLine
{
    internal const string RecipeUsage = "usage: recipe validate FILE | recipe apply FILE";

    internal const string Commands = """
        Commands (after `dotnet run --project src/ClinicBlog.Web --`, or `dotnet ClinicBlog.Web.dll`):
          (none)                  serve the site; host settings may follow, such as --urls http://127.0.0.1:5080
                                  or --ClinicBlog:DataDirectory=/srv/clinicblog-data
          recipe validate FILE    check a recipe and report every problem; changes nothing
          recipe apply FILE       apply a recipe in one transaction: all of it, or nothing
          --help, -h, help        this list
        A relative FILE is relative to the directory the command is typed in.
        """;

    /// <summary>The host's own setting that <c>dotnet run</c> passes first (see ClinicBlog.Web.csproj).</summary>
    private const string ContentRoot = "--contentRoot";

    /// <summary>Reads the arguments without touching anything: a command the program does not know changes nothing.</summary>
    internal static CommandLineRequest Parse(string[] args)
    {
        var words = WithoutContentRoot(args);
        if (words is ["help", ..] || words.Any(w => w is "--help" or "-h")) return new(CommandLineAction.Help, words);
        // Host settings start with a dash (`--urls URL`, `--Key=Value`): the site is served with them, as before.
        if (words.Length == 0 || words[0].StartsWith('-')) return new(CommandLineAction.Serve, words);
        if (words[0] != "recipe") return new(CommandLineAction.Wrong, words, $"'{words[0]}' is not a command of ClinicBlog.");
        if (words.Length != 3 || words[1] is not ("validate" or "apply")) return new(CommandLineAction.Wrong, words, RecipeUsage);
        return new(CommandLineAction.Recipe, words);
    }

    /// <summary>Prints the list for <c>--help</c> (exit code 0), or the problem and the list for a wrong command (2).</summary>
    internal static async Task<int> ExplainAsync(CommandLineRequest request)
    {
        if (request.Action == CommandLineAction.Help)
        {
            await Console.Out.WriteLineAsync(Commands);
            return 0;
        }

        await Console.Error.WriteLineAsync(request.Problem);
        await Console.Error.WriteLineAsync(Commands);
        return 2;
    }

    /// <summary>Runs <c>recipe validate|apply FILE</c> on a migrated database; 0 on success, non-zero with the reasons.</summary>
    internal static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var request = Parse(args);
        if (request.Action != CommandLineAction.Recipe) return await ExplainAsync(request);

        var (verb, file) = (request.Words[1], request.Words[2]);
        // The working directory is where the command was typed, also under `dotnet run` (ClinicBlog.Web.csproj).
        var path = Path.GetFullPath(file);
        var recipes = services.GetRequiredService<RecipeCommands>();
        var result = verb == "apply" ? await recipes.ApplyFileAsync(path) : await recipes.ValidateFileAsync(path);
        if (result.Succeeded)
        {
            Console.WriteLine(verb == "apply" ? $"Applied {path}." : $"{path} is valid.");
            return 0;
        }

        await Console.Error.WriteLineAsync($"{path}: {result.Errors.Count} problem(s){(verb == "apply" ? "; nothing was applied" : "")}:");
        foreach (var error in result.Errors) await Console.Error.WriteLineAsync($"  {error}");
        return 1;
    }

    private static string[] WithoutContentRoot(string[] args) => args switch
    {
        [ContentRoot, _, .. var rest] => rest,
        [var first, .. var rest] when first.StartsWith(ContentRoot + "=", StringComparison.Ordinal) => rest,
        _ => args,
    };
}
