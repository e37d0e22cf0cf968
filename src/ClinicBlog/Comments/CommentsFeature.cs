using ClinicBlog.Data;
using ClinicBlog.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Comments;

/// <summary>Everything comments add: posting, the policy's helpers, threads, reader cookies, notifications.</summary>
internal static class CommentsFeature
{
    internal static IServiceCollection AddComments(this IServiceCollection services)
    {
        // Hosting switches only; the comment policy itself is site data (recipe, dashboard).
        services.AddOptions<CommentHosting>().BindConfiguration("ClinicBlog:Comments");
        services.AddSingleton<TimeTrap>();
        services.AddSingleton<CommentFormTokens>();
        services.AddSingleton<ReaderCookies>();
        services.AddSingleton<CommentRateLimiter>();
        services.AddSingleton<CommentLinks>();
        services.AddScoped<CommentThread>();
        services.AddScoped<CommentNotifications>();
        services.AddScoped<CommentPoster>();
        services.AddScoped<CommentsSectionBuilder>();
        services.AddSingleton<ModerationDigest>();
        services.AddHostedService(sp => sp.GetRequiredService<ModerationDigest>());
        services.AddHostedService<AbuseControlsWarning>();
        return services;
    }

    internal static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder endpoints)
    {
        // What a shared, cached article page cannot hold: this reader's antiforgery token and time-trap stamp.
        endpoints.MapGet("/articles/{slug}/comments/state", async (string slug, HttpContext http, ClinicBlogDbContext db,
            CommentFormTokens formTokens, TimeTrap timeTrap, CancellationToken ct) =>
        {
            var articleId = await db.Articles.AsNoTracking().Where(a => a.Published != null && a.Published.Slug == slug)
                .Select(a => a.ContentItemId).FirstOrDefaultAsync(ct);
            if (articleId is null) return Results.NotFound();
            var tokens = formTokens.For(http);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { tokenField = tokens.FormFieldName, token = tokens.RequestToken, stamp = timeTrap.Issue(articleId) });
        });
        return endpoints;
    }

    /// <summary>Says at start-up, every time, that abuse controls are off: it must never go unnoticed in production.</summary>
    private sealed class AbuseControlsWarning(IOptions<CommentHosting> hosting, ILogger<AbuseControlsWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (hosting.Value.AbuseControls == AbuseControls.Off)
                logger.LogWarning("ClinicBlog:Comments:AbuseControls is Off: the time trap, the flood interval and the per-IP rate limit are lifted. Use this only for load tests.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
