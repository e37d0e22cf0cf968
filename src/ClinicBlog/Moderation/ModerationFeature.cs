using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Moderation;

/// <summary>Everything moderation adds.</summary>
internal static class ModerationFeature
{
    internal static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddScoped<ModerationQueue>();
        services.AddScoped<QueueListing>();
        return services;
    }
}
