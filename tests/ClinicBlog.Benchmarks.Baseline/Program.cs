using System.Text;

// A bare ASP.NET Core app (as `dotnet new web` makes it): one fixed 5 KB HTML page, no middleware. The benchmark
// reports every throughput of the real host as a ratio to this: absolute numbers differ between machines (and
// from minute to minute, with steal).
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

var page = Encoding.UTF8.GetBytes(BaselinePage.Html(5 * 1024));
app.MapGet("/", async context =>
{
    context.Response.ContentType = "text/html; charset=utf-8";
    context.Response.ContentLength = page.Length;
    await context.Response.Body.WriteAsync(page);
});

app.Run();

internal static class BaselinePage
{
    /// <summary>A plausible HTML page of exactly <paramref name="size"/> bytes (ASCII).</summary>
    public static string Html(int size)
    {
        const string Head = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Baseline</title>\n</head>\n<body>\n<main>\n";
        const string Tail = "</main>\n</body>\n</html>\n";
        const string Paragraph = "<p>Instrument assisted soft tissue mobilization uses shaped tools to find and treat fascial restrictions.</p>\n";
        var sb = new StringBuilder(Head);
        while (sb.Length + Paragraph.Length + Tail.Length <= size) sb.Append(Paragraph);
        sb.Append(new string(' ', size - sb.Length - Tail.Length)).Append(Tail);
        return sb.ToString();
    }
}
