using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace ClinicBlog.Benchmarks;

/// <summary>What applying a large recipe from the command line cost: wall time, and the process's peak resident memory.</summary>
internal sealed record RecipeApplied(double Seconds, double PeakRssMb, long FileBytes, int Items, int Authors)
{
    public string Note => string.Create(CultureInfo.InvariantCulture,
        $"{Items:N0} items ({Authors:N0} author bios, the rest articles of about 1.3 KB of JSON each), a {FileBytes / 1024.0 / 1024.0:0} MB recipe, applied to an empty database by the host's `recipe apply`, process start to exit");
}

/// <summary>
/// <c>recipe_apply_100k_s</c> and <c>recipe_apply_100k_rss_mb</c>: a recipe of many valid content items (a few author
/// bios, the rest articles), applied with the host's own command line (<c>recipe apply FILE</c>) to an empty data
/// directory, timed from process start to exit, as a person running it waits.
/// </summary>
internal static class RecipeApplyProbe
{
    public const string WriteArgument = "--write-recipe";

    /// <summary>One author bio for this many articles.</summary>
    private const int ArticlesPerAuthor = 1_000;

    /// <summary>Writes a recipe of <paramref name="items"/> content items to <paramref name="path"/>: the setup recipe's
    /// content definitions, then one Content step of author bios and articles, each article about 1.3 KB of JSON.</summary>
    /// <remarks>Written as a stream: the generator must not need the memory the applier is measured for.</remarks>
    public static long Write(string path, int items)
    {
        var setup = JsonNode.Parse(File.ReadAllText(Paths.SetupRecipe))!;
        var definitions = setup["steps"]!.AsArray().Single(s => (string?)s!["name"] == "ContentDefinition")!;
        var random = new Random(14);
        var text = new SiteText(random);
        // Titles whose addresses differ (some templates do not name the therapy).
        var titles = text.ArticleTitles().DistinctBy(Content.Slug.From).ToArray();
        var names = text.PersonNames().ToArray();
        var authors = AuthorsFor(items);
        var start = new DateTime(2020, 1, 1, 9, 0, 0, DateTimeKind.Utc);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (var file = File.Create(path))
        using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("name", "bench-many-items");
            json.WriteString("displayName", $"{items:N0} content items");
            json.WriteBoolean("issetuprecipe", false);
            json.WriteStartArray("steps");
            definitions.WriteTo(json);
            json.WriteStartObject();
            json.WriteString("name", "Content");
            json.WriteStartArray("data");
            for (var i = 0; i < authors; i++)
            {
                var name = $"{names[i % names.Length]} {i / names.Length + 1}";
                json.WriteStartObject();
                json.WriteString("ContentItemId", AuthorId(i));
                json.WriteString("ContentType", "AuthorBio");
                json.WriteBoolean("Published", true);
                json.WriteBoolean("Latest", true);
                json.WriteStartObject("TitlePart");
                json.WriteString("Title", name);
                json.WriteEndObject();
                json.WriteStartObject("MarkdownBodyPart");
                json.WriteString("Markdown", text.Bio(name));
                json.WriteEndObject();
                json.WriteStartObject("AuthorBio");
                Field(json, "Credentials", text.Credential());
                Field(json, "Headline", text.Headline(name));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            for (var i = 0; i < items - authors; i++)
            {
                var title = $"{titles[i % titles.Length]}, part {i / titles.Length + 1}";
                var at = start.AddMinutes(i * 7).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                json.WriteStartObject();
                json.WriteString("ContentItemId", $"4benchrecipe{i:D13}a");
                json.WriteString("ContentType", "GuestArticle");
                json.WriteBoolean("Published", true);
                json.WriteBoolean("Latest", true);
                json.WriteString("CreatedUtc", at);
                json.WriteString("ModifiedUtc", at);
                json.WriteString("PublishedUtc", at);
                json.WriteStartObject("TitlePart");
                json.WriteString("Title", title);
                json.WriteEndObject();
                json.WriteStartObject("AutoroutePart");
                json.WriteString("Path", Content.Slug.From(title));
                json.WriteEndObject();
                json.WriteStartObject("MarkdownBodyPart");
                json.WriteString("Markdown", text.ShortArticleMarkdown());
                json.WriteEndObject();
                json.WriteStartObject("GuestArticle");
                json.WriteStartObject("Author");
                json.WriteStartArray("ContentItemIds");
                json.WriteStringValue(AuthorId(i % authors));
                json.WriteEndArray();
                json.WriteEndObject();
                Field(json, "Summary", text.Summary());
                json.WriteStartObject("Tags");
                json.WriteStartArray("TagNames");
                foreach (var tag in text.TagsFor().Split('|')) json.WriteStringValue(tag);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return new FileInfo(path).Length;

        static string AuthorId(int i) => $"4benchrecipeauthor{i:D7}a";

        static void Field(Utf8JsonWriter json, string name, string value)
        {
            json.WriteStartObject(name);
            json.WriteString("Text", value);
            json.WriteEndObject();
        }
    }

    /// <summary>How many of <paramref name="items"/> are author bios: one for every thousand articles.</summary>
    public static int AuthorsFor(int items) => Math.Max(1, items / (ArticlesPerAuthor + 1));

    /// <summary>Writes the recipe, then runs <c>recipe apply</c> with the host on a fresh data directory.</summary>
    public static async Task<RecipeApplied> MeasureAsync(string hostDll, string work, int items)
    {
        var folder = Path.Combine(work, "recipe-apply");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var recipe = Path.Combine(folder, "many.recipe.json");
        var bytes = Write(recipe, items);
        try
        {
            var start = new ProcessStartInfo(Paths.Dotnet)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { hostDll, "recipe", "apply", recipe },
                Environment =
                {
                    ["ClinicBlog__DataDirectory"] = Path.Combine(folder, "data"),
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["DOTNET_ENVIRONMENT"] = "Production",
                    ["Logging__LogLevel__Default"] = "Warning",
                },
            };
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // VmHWM only grows: the last reading before the process ends is its peak (to within the last 100 ms).
            var peakKb = 0L;
            while (!process.HasExited)
            {
                peakKb = Math.Max(peakKb, PeakKb(process.Id) ?? 0);
                await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(100));
            }

            await process.WaitForExitAsync();
            clock.Stop();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"recipe apply failed ({process.ExitCode}):\n{await stdout}{await stderr}");
            return new RecipeApplied(clock.Elapsed.TotalSeconds, peakKb / 1024.0, bytes, items, AuthorsFor(items));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static long? PeakKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // it has just ended
        }
    }
}
