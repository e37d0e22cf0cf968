using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClinicBlog.Benchmarks;

/// <summary>One figure of the report: null when it could not be measured (<see cref="Note"/> says why).</summary>
internal sealed record Figure(double? Value, double? Steal, double? Others, int Tries, bool Noisy, string? Note);

/// <summary>A figure's target from issue 8 (or 14, for the large recipe), checked against the value (and the baseline, for ratios).</summary>
internal sealed record Target(string Text, Func<double, double, bool> Met);

/// <summary>The figures of one run, in the issue's names, as a table for people and as JSON.</summary>
internal sealed class Report
{
    /// <summary>Every figure of issue 8, and issue 14's large recipe, in the order the table shows them; these are the JSON keys.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "baseline_rps", "home_rps", "home_p99_ms", "article_rps", "article_p99_ms", "author_rps", "author_p99_ms",
        "article_uncached_rps", "comment_post_per_s", "comments_lost", "queue_first_p99_ms", "queue_deep_p99_ms",
        "setup_ms", "cold_start_ms", "rss_mb", "recipe_apply_100k_s", "recipe_apply_100k_rss_mb",
    ];

    private static readonly Target PageRps = new("≥ 0.6 × baseline", (v, b) => v >= 0.6 * b);
    private static readonly Target PageP99 = new("≤ 10 ms", (v, _) => v <= 10);
    private static readonly Target QueueP99 = new("≤ 25 ms", (v, _) => v <= 25);

    private static readonly Dictionary<string, Target> Targets = new()
    {
        ["home_rps"] = PageRps,
        ["article_rps"] = PageRps,
        ["author_rps"] = PageRps,
        ["home_p99_ms"] = PageP99,
        ["article_p99_ms"] = PageP99,
        ["author_p99_ms"] = PageP99,
        ["article_uncached_rps"] = new("≥ 0.15 × baseline", (v, b) => v >= 0.15 * b),
        ["comment_post_per_s"] = new("≥ 1,000", (v, _) => v >= 1000),
        ["comments_lost"] = new("0", (v, _) => v == 0),
        ["queue_first_p99_ms"] = QueueP99,
        ["queue_deep_p99_ms"] = QueueP99,
        ["setup_ms"] = new("≤ 3,000 ms", (v, _) => v <= 3000),
        ["cold_start_ms"] = new("≤ 1,500 ms", (v, _) => v <= 1500),
        ["rss_mb"] = new("≤ 300 MB", (v, _) => v <= 300),
        ["recipe_apply_100k_s"] = new("≤ 120 s", (v, _) => v <= 120),
        ["recipe_apply_100k_rss_mb"] = new("≤ 500 MB", (v, _) => v <= 500),
    };

    private readonly Dictionary<string, Figure> figures = [];

    public List<string> Notes { get; } = [];

    // The baseline measured in turns with a throughput figure (see BenchmarkRun.InTurnsWithBaselineAsync): its ratio's denominator.
    private readonly Dictionary<string, double> besideBaseline = [];

    /// <summary>More about the run for the JSON's "run" object (counts behind a figure, for instance).</summary>
    public JsonObject Details { get; } = [];

    public void Add<T>(string key, Measured<T> measured, double? value, string? note = null) =>
        Set(key, new Figure(value, measured.Steal, measured.Others, measured.Tries, measured.Noisy, note));

    /// <summary>A figure counted rather than timed (no steal to report), from the measurement it came with.</summary>
    public void AddCount(string key, double value, int tries, string? note = null) => Set(key, new Figure(value, null, null, tries, false, note));

    public void Missing(string key, string note) => Set(key, new Figure(null, null, null, 0, false, note));

    public Figure? this[string key] => figures.GetValueOrDefault(key);

    /// <summary>The baseline's throughput measured in turns with <paramref name="key"/>'s: the figure's ratio is to it.</summary>
    public void BaselineBeside(string key, double rps) => besideBaseline[key] = rps;

    /// <summary>What a throughput figure is compared with: the baseline measured beside it, else the run's baseline.</summary>
    private double? BaselineFor(string key) => besideBaseline.TryGetValue(key, out var b) ? b : Baseline;

    private void Set(string key, Figure figure)
    {
        if (!Keys.Contains(key)) throw new ArgumentException($"'{key}' is not a figure of the benchmark.", nameof(key));
        figures[key] = figure;
    }

    private double? Baseline => this["baseline_rps"]?.Value;

    private static bool IsThroughput(string key) => key.EndsWith("_rps", StringComparison.Ordinal) || key == "comment_post_per_s";

    private bool? Met(string key) =>
        this[key]?.Value is { } v && Targets.TryGetValue(key, out var target) && (!target.Text.Contains("baseline", StringComparison.Ordinal) || BaselineFor(key) is not null)
            ? target.Met(v, BaselineFor(key) ?? 0)
            : null;

    /// <summary>A Markdown table: figure, value, ratio to the baseline (throughputs), target, met, steal, other load and tries; then the notes.</summary>
    public string Table(string machine, string load)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Load: {load}");
        sb.AppendLine();
        sb.AppendLine("| figure | value | × baseline | target | met | steal (cores) | other load (cores) | tries |");
        sb.AppendLine("|---|---:|---:|---|---|---:|---:|---:|");
        foreach (var key in Keys)
        {
            var f = this[key];
            var value = f?.Value is { } v ? Format(key, v) : "—";
            var ratio = IsThroughput(key) && f?.Value is { } r && BaselineFor(key) is > 0 and var b && key != "baseline_rps"
                ? (r / b).ToString("0.00", CultureInfo.InvariantCulture) + (besideBaseline.ContainsKey(key) ? " ‡" : "")
                : "";
            var target = Targets.TryGetValue(key, out var t) ? t.Text : "";
            var met = Met(key) switch { true => "yes", false => "**no**", null => Targets.ContainsKey(key) ? "?" : "" };
            var steal = Cores(f?.Steal, BenchSettings.StealLimit);
            var others = Cores(f?.Others, BenchSettings.OtherLoadLimit);
            var tries = f is { Tries: > 0 } ? f.Tries.ToString(CultureInfo.InvariantCulture) : "";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| `{key}` | {value} | {ratio} | {target} | {met} | {steal} | {others} | {tries} |");
        }

        sb.AppendLine();
        if (besideBaseline.Count > 0)
        {
            sb.AppendLine("‡ The ratio to the baseline measured in turns with the figure, in slices (see the notes): on a shared host the " +
                "machine's speed swings by a fifth within a minute with no steal reported, and in turns the swing falls on both.");
            sb.AppendLine();
        }

        sb.AppendLine("Steal: CPU time the machine's host took away; other load: CPU used by processes that are not the benchmark's " +
            "(server, wrk, itself), such as other builds on a shared machine. A figure measured with more than 0.10 of a core " +
            "of either is marked (!); a full run tries it again, up to 4 times, 30 s apart, and keeps the quietest try.");

        var notes = Keys.Where(k => this[k]?.Note is not null).Select(k => $"`{k}`: {this[k]!.Note}").Concat(Notes).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine();
            foreach (var note in notes) sb.AppendLine("- " + note);
        }

        return sb.ToString();
    }

    /// <summary>The figures under the issue's keys (null when not measured), and beside them, under "run", how they were taken.</summary>
    public string Json(string machine, string load, bool quick, PreparedSite site, string commit)
    {
        var json = new JsonObject();
        foreach (var key in Keys) json[key] = this[key]?.Value is { } v ? JsonValue.Create(Round(key, v)) : null;
        var steal = new JsonObject();
        var others = new JsonObject();
        var tries = new JsonObject();
        var notes = new JsonObject();
        foreach (var key in Keys)
        {
            steal[key] = this[key]?.Steal is { } s ? JsonValue.Create(Math.Round(s, 3)) : null;
            others[key] = this[key]?.Others is { } o ? JsonValue.Create(Math.Round(o, 3)) : null;
            tries[key] = this[key]?.Tries ?? 0;
            if (this[key]?.Note is { } note) notes[key] = note;
        }

        json["run"] = new JsonObject
        {
            ["machine"] = machine,
            ["load"] = load,
            ["quick"] = quick,
            ["commit"] = commit,
            ["date_utc"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["site"] = new JsonObject
            {
                ["articles"] = site.Articles, ["authors"] = site.Authors, ["comments"] = site.Comments,
                ["approved"] = site.Approved, ["pending"] = site.Pending, ["spam"] = site.Spam, ["hot_article"] = site.HotSlug,
            },
            ["steal_cores"] = steal,
            ["other_load_cores"] = others,
            ["tries"] = tries,
            ["notes"] = notes,
            ["baseline_beside_rps"] = new JsonObject(besideBaseline.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(Math.Round(p.Value, 1))))),
            ["other_notes"] = new JsonArray(Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        };
        foreach (var (name, value) in Details) json["run"]![name] = value?.DeepClone();
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Cores(double? cores, double limit) =>
        cores is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) + (c > limit ? " (!)" : "") : "";

    private static string Format(string key, double v) => key switch
    {
        "comments_lost" => v.ToString("N0", CultureInfo.InvariantCulture),
        _ when key.EndsWith("_rps", StringComparison.Ordinal) || key == "comment_post_per_s" => v.ToString("N0", CultureInfo.InvariantCulture) + "/s",
        _ when key.EndsWith("_mb", StringComparison.Ordinal) => v.ToString("N0", CultureInfo.InvariantCulture) + " MB",
        _ when key.EndsWith("_s", StringComparison.Ordinal) => v.ToString("N1", CultureInfo.InvariantCulture) + " s",
        _ => v.ToString(v < 100 ? "N2" : "N0", CultureInfo.InvariantCulture) + " ms",
    };

    private static double Round(string key, double v) => key switch
    {
        "comments_lost" => Math.Round(v),
        _ when key.EndsWith("_ms", StringComparison.Ordinal) => Math.Round(v, 2),
        _ => Math.Round(v, 1),
    };

    /// <summary>CPU, cores, memory, kernel, .NET and wrk: what a reader needs to compare runs.</summary>
    public static string Machine()
    {
        string? Read(string path, string prefix) =>
            File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        var cpu = Read("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = Read("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var k)
            ? $", {k / 1024.0 / 1024.0:0.#} GB RAM"
            : "";
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? $", Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}" : $", {RuntimeInformation.OSDescription}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{cpu}, {Environment.ProcessorCount} cores{memory}{kernel}, {RuntimeInformation.FrameworkDescription}, wrk {Wrk.Version}");
    }
}
