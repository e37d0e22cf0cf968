using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Caching;

/// <summary>Output caching of public pages, with precise invalidation by tag shared between nodes.</summary>
internal static class CachingFeature
{
    internal static IServiceCollection AddPageCaching(this IServiceCollection services)
    {
        services.AddOutputCache(o =>
        {
            o.AddPolicy(PublicPageCachePolicy.Name, new PublicPageCachePolicy());
            o.SizeLimit = 256L * 1024 * 1024;
        });
        services.AddSingleton<CacheVersions>();
        services.AddSingleton<PageDataCache>();
        services.AddSingleton<PageCache>();
        services.AddHostedService<CacheInvalidationListener>();
        return services;
    }
}
