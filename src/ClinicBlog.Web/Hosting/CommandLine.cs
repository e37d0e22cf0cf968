using ClinicBlog.Recipes;

namespace ClinicBlog.Web.Hosting;

/// <summary><c>dotnet run --project src/ClinicBlog.Web -- recipe validate|apply FILE</c>.</summary>
internal static class CommandLine
{
    internal static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "recipe";

    internal static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Length != 3 || args[1] is not ("validate" or "apply"))
        {
            await Console.Error.WriteLineAsync("usage: recipe validate FILE | recipe apply FILE");
            return 2;
        }

        var path = Path.GetFullPath(args[2]);
        var recipes = services.GetRequiredService<RecipeCommands>();
        var result = args[1] == "apply" ? await recipes.ApplyFileAsync(path) : await recipes.ValidateFileAsync(path);
        if (result.Succeeded)
        {
            Console.WriteLine(args[1] == "apply" ? $"Applied {path}." : $"{path} is valid.");
            return 0;
        }

        await Console.Error.WriteLineAsync($"{path}: {result.Errors.Count} problem(s){(args[1] == "apply" ? "; nothing was applied" : "")}:");
        foreach (var error in result.Errors) await Console.Error.WriteLineAsync($"  {error}");
        return 1;
    }
}
