namespace ClinicBlog.Tests.Support;

/// <summary>Where the repository and its recipes are, found from the test assembly's folder.</summary>
internal static class TestPaths
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static string RecipesDirectory => Path.Combine(RepoRoot, "recipes");

    public static string SetupRecipe => Path.Combine(RecipesDirectory, "clinic-blog.recipe.json");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClinicBlog.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No ClinicBlog.sln above {AppContext.BaseDirectory}.");
    }
}
