using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Mail;

/// <summary>Mail delivery: an outbox in the database and a dispatcher that sends it (SMTP or .eml files).</summary>
internal static class MailFeature
{
    internal static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration("ClinicBlog:Smtp");
        services.AddScoped<MailOutbox>();
        services.AddSingleton<MailDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MailDispatcher>());
        return services;
    }
}
