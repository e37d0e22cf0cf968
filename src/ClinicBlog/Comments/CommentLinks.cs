using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ClinicBlog.Mail;

namespace ClinicBlog.Comments;

/// <summary>Absolute links for emails, and the signed tokens in them (confirm an address, unsubscribe) that need no login.</summary>
/// <remarks>
/// The address in links is the configured <c>ClinicBlog:Smtp:SiteUrl</c>, else the address the server listens on;
/// never a request's Host header, which anyone can set and would then put their own host in the site's emails.
/// </remarks>
internal sealed class CommentLinks(IDataProtectionProvider dataProtection, IOptions<SmtpOptions> smtp, IServiceProvider services)
{
    private readonly ITimeLimitedDataProtector confirmProtector =
        dataProtection.CreateProtector("ClinicBlog.Comments.Confirm.v1").ToTimeLimitedDataProtector();
    private readonly IDataProtector unsubscribeProtector = dataProtection.CreateProtector("ClinicBlog.Comments.Unsubscribe.v1");
    /// <summary>The site's address: configured, or else the server's own listening address.</summary>
    public string BaseUrl => (smtp.Value.SiteUrl ?? ListeningAddress() ?? "http://localhost").TrimEnd('/');

    private string? ListeningAddress()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault(a => a.StartsWith("https:", StringComparison.Ordinal)) ?? addresses?.FirstOrDefault();
        return address?.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
    }

    public string Article(string slug, long? commentId = null) =>
        $"{BaseUrl}/articles/{slug}" + (commentId is { } id ? $"#comment-{id}" : "");

    public string ModerationQueue => $"{BaseUrl}/admin/comments";

    public string Confirm(string emailHash) =>
        $"{BaseUrl}/comments/confirm?token={Uri.EscapeDataString(confirmProtector.Protect(emailHash, TimeSpan.FromDays(7)))}";

    public string Unsubscribe(string emailHash) =>
        $"{BaseUrl}/comments/unsubscribe?token={Uri.EscapeDataString(unsubscribeProtector.Protect(emailHash))}";

    public string? ReadConfirmToken(string? token) => Read(confirmProtector, token);

    public string? ReadUnsubscribeToken(string? token) => Read(unsubscribeProtector, token);

    private static string? Read(IDataProtector protector, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
