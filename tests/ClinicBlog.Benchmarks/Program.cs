using ClinicBlog.Benchmarks;

// The benchmark of issues 8 and 14. `--setup-probe DIR` is this program timing the setup recipe in a fresh process (see SetupProbe).
if (args is [SetupProbe.Argument, var probeDirectory]) return await SetupProbe.RunAsync(probeDirectory);

// `--write-recipe FILE N` only writes the large recipe of `recipe_apply_100k_s`, to measure by hand (e.g. under /usr/bin/time -v).
if (args is [RecipeApplyProbe.WriteArgument, var recipeFile, var count])
{
    var bytes = RecipeApplyProbe.Write(recipeFile, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    Console.WriteLine($"{recipeFile}: {count} items, {bytes / 1024.0 / 1024.0:0.0} MB");
    return 0;
}

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

return await new BenchmarkRun(settings, new Log()).RunAsync();
