using ClinicBlog.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Moderation;

/// <summary>Everything moderation adds.</summary>
internal static class ModerationFeature
{
    internal static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddScoped<ModerationQueue>();
        services.AddScoped<QueueListing>();
        // "pending": moderation.js updates the number through data-pending-count after each action in the queue.
        services.AddAdminMenuEntry(new("Comments", "/admin/comments", Position: 10, AnyOf: [Permissions.ModerateComments])
        {
            Count = new("pending", "pending", (sp, ct) => sp.GetRequiredService<ModerationQueue>().PendingCountAsync(ct)),
        });
        return services;
    }
}
