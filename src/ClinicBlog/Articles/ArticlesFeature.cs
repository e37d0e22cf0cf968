using ClinicBlog.Articles.Admin;
using ClinicBlog.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Articles;

/// <summary>Everything articles add.</summary>
internal static class ArticlesFeature
{
    /// <summary>The article list and editor: EditAllArticles or EditOwnArticles (the workflow narrows "own" per article).</summary>
    public const string EditorPolicy = "ArticlesEditor";

    internal static IServiceCollection AddArticles(this IServiceCollection services)
    {
        services.AddScoped<ArticleQueries>();
        services.AddScoped<PublishingWorkflow>();
        services.AddScoped<ArticleNotifications>();
        services.AddScoped<ArticleHistory>();
        services.AddOptions<PublishingOptions>().BindConfiguration("ClinicBlog:Publishing")
            .Validate(o => o.ScheduleInterval > TimeSpan.Zero, "ClinicBlog:Publishing:ScheduleInterval must be longer than zero.")
            .ValidateOnStart();
        services.AddSingleton<ScheduledPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledPublisher>());
        services.AddScoped<Admin.ArticleList>();
        services.Configure<AuthorizationOptions>(o => o.AddPolicy(EditorPolicy,
            p => p.RequireClaim(Permissions.ClaimType, Permissions.EditAllArticles, Permissions.EditOwnArticles)));
        // The same two permissions as EditorPolicy: the list is where editors and guest authors both start.
        services.AddAdminMenuEntry(new("Articles", "/admin/articles", Position: 20, AnyOf: [Permissions.EditAllArticles, Permissions.EditOwnArticles]));
        return services;
    }
}
