using ClinicBlog.Benchmarks;

// The benchmark of issue 8. `--setup-probe DIR` is this program timing the setup recipe in a fresh process (see SetupProbe).
if (args is [SetupProbe.Argument, var probeDirectory]) return await SetupProbe.RunAsync(probeDirectory);

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
