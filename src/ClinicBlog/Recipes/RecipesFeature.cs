using ClinicBlog.Data;
using ClinicBlog.Recipes.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Recipes;

/// <summary>Everything recipes add: the applier and one class per step.</summary>
internal static class RecipesFeature
{
    internal static IServiceCollection AddRecipes(this IServiceCollection services)
    {
        services.AddScoped<IRecipeStep, ContentDefinitionStep>();
        services.AddScoped<IRecipeStep, RolesStep>();
        services.AddScoped<IRecipeStep, SettingsStep>();
        services.AddScoped<IRecipeStep, ContentStep>();
        services.AddScoped<RecipeApplier>();
        services.AddSingleton(sp => new RecipeCommands(sp, sp.GetRequiredService<IOptions<ClinicBlogStorageOptions>>()));
        return services;
    }
}
