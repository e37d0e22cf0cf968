using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ClinicBlog.Mail;

namespace ClinicBlog.Comments;

/// <summary>Absolute links for emails, and the signed tokens in them (confirm an address, unsubscribe) that need no login.</summary>
internal sealed class CommentLinks(IDataProtectionProvider dataProtection, IOptions<SmtpOptions> smtp)
{
    private readonly ITimeLimitedDataProtector confirmProtector =
        dataProtection.CreateProtector("ClinicBlog.Comments.Confirm.v1").ToTimeLimitedDataProtector();
    private readonly IDataProtector unsubscribeProtector = dataProtection.CreateProtector("ClinicBlog.Comments.Unsubscribe.v1");
    private string? rememberedBase;

    /// <summary>The site's address: configured, or else the one the latest reader used.</summary>
    public string BaseUrl => (smtp.Value.SiteUrl ?? rememberedBase ?? "http://localhost").TrimEnd('/');

    public void Remember(HttpRequest request) => rememberedBase ??= $"{request.Scheme}://{request.Host}{request.PathBase}";

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
