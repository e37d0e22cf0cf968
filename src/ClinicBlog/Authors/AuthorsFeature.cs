using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Authors;

/// <summary>Everything authors add.</summary>
internal static class AuthorsFeature
{
    internal static IServiceCollection AddAuthors(this IServiceCollection services)
    {
        services.AddScoped<AuthorQueries>();
        return services;
    }
}
