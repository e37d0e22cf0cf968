using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Articles;

/// <summary>Everything articles add.</summary>
internal static class ArticlesFeature
{
    internal static IServiceCollection AddArticles(this IServiceCollection services)
    {
        services.AddScoped<ArticleQueries>();
        return services;
    }
}
