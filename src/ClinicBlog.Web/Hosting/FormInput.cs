using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ClinicBlog.Web.Hosting;

/// <summary>How large a posted form may be (<c>ClinicBlog:Forms</c>).</summary>
public sealed class FormInputOptions
{
    /// <summary>The largest form body accepted, in bytes. The longest editor field (an article's 200,000 characters of
    /// Markdown) fits with room for URL encoding; a larger body is refused with 413 before it is read.</summary>
    public long MaxFormBytes { get; set; } = 2 * 1024 * 1024;
}

/// <summary>
/// Every posted form passes here before any page sees it: one that is too large is answered 413 (the status page says the
/// limit), and NUL characters are taken out of its values, so a stray NUL from a pasted text neither breaks binding nor
/// reaches the database (PostgreSQL refuses it in text), and the reader's text comes back as typed, less the NUL.
/// </summary>
/// <remarks>The limit is for every form, uploads included: a media upload (a 10 MB photo) will need a larger limit of
/// its own on its endpoint. A NUL in a multipart form's field is refused as too large would be; only URL-encoded forms
/// (every form of the site today) are read again.</remarks>
internal static class FormInput
{
    internal static void AddFormInput(this IServiceCollection services)
    {
        services.AddOptions<FormInputOptions>().BindConfiguration("ClinicBlog:Forms")
            .Validate(o => o.MaxFormBytes >= 64 * 1024, "ClinicBlog:Forms:MaxFormBytes must be at least 65536.")
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<FormOptions>, FormLimitsFromOptions>();
    }

    internal static void UseFormInput(this WebApplication app)
    {
        var limit = app.Services.GetRequiredService<IOptions<FormInputOptions>>().Value.MaxFormBytes;
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            // A status page re-executed for a refused form must not be refused again.
            if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                await next(context);
                return;
            }

            if (request.ContentLength > limit)
            {
                await RefuseAsync(context);
                return;
            }

            // A body without a length (chunked) is cut off at the limit by the server.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
            // Kept so that it can be read a second time (in memory up to 64 KB, on disk beyond, never past the limit).
            request.EnableBuffering(64 * 1024, limit);
            IFormCollection? form;
            try
            {
                form = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                // The framework's reader refuses a NUL ("invalid characters") as it refuses a form over its limits:
                // read it once more with the lenient reader, and only a form that is too large is refused.
                form = await ReadLenientlyAsync(request, limit, context.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                form = null;
            }

            if (form is null)
            {
                await RefuseAsync(context);
                return;
            }

            if (WithoutNul(form) is { } cleaned) context.Features.Set<IFormFeature>(new FormFeature(cleaned));
            await next(context);
        });
    }

    /// <summary>An URL-encoded form read with the stream reader, which keeps NULs; null when it is over the limits.</summary>
    private static async Task<IFormCollection?> ReadLenientlyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (!request.Body.CanSeek || !request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return null;
        request.Body.Position = 0;
        try
        {
            using var reader = new FormReader(request.Body) { ValueLengthLimit = (int)Math.Min(int.MaxValue, limit) };
            return new FormCollection(await reader.ReadFormAsync(ct));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The form with NUL characters removed from its keys and values, or null when it has none.</summary>
    internal static FormCollection? WithoutNul(IFormCollection form)
    {
        if (!form.Any(f => f.Key.Contains('\0') || f.Value.Any(v => v?.Contains('\0') == true))) return null;
        var values = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in form)
        {
            var name = key.Replace("\0", "", StringComparison.Ordinal);
            var kept = value.Select(v => v?.Replace("\0", "", StringComparison.Ordinal)).ToArray();
            values[name] = values.TryGetValue(name, out var before) ? StringValues.Concat(before, new StringValues(kept)) : new StringValues(kept);
        }

        return new FormCollection(values, form.Files);
    }

    private static Task RefuseAsync(HttpContext context)
    {
        // The status page (in the site's style) says what the limit is; the connection is closed after it, so the rest
        // of the body is not read.
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.Headers.Connection = "close";
        return Task.CompletedTask;
    }

    /// <summary>The framework's own form limits follow ours, so no value is cut off below the whole form's limit.</summary>
    private sealed class FormLimitsFromOptions(IOptions<FormInputOptions> options) : IPostConfigureOptions<FormOptions>
    {
        public void PostConfigure(string? name, FormOptions o)
        {
            var limit = options.Value.MaxFormBytes;
            o.ValueLengthLimit = (int)Math.Min(int.MaxValue, limit);
            o.MultipartBodyLengthLimit = Math.Max(o.MultipartBodyLengthLimit, limit);
        }
    }
}
