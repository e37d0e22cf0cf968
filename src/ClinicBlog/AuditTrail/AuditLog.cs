using System.Security.Claims;
using ClinicBlog.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace ClinicBlog.AuditTrail;

/// <summary>Records dashboard actions in the caller's unit of work (saved with the change it describes).</summary>
internal sealed class AuditLog(ClinicBlogDbContext db, IHttpContextAccessor http, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    internal const string Purpose = "ClinicBlog.AuditTrail.v1";
    private readonly IDataProtector protector = dataProtection.CreateProtector(Purpose);

    public void Record(string action, string itemType, string itemId, string summary,
        string? previousValue = null, string? newValue = null, string? privateDetails = null)
    {
        var user = http.HttpContext?.User;
        db.AuditEntries.Add(new AuditEntry
        {
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user?.FindFirstValue(DisplayNameClaim.Type) ?? user?.Identity?.Name ?? "system",
            Action = action,
            ItemType = itemType,
            ItemId = itemId,
            Summary = summary,
            PreviousValue = Trim(previousValue),
            NewValue = Trim(newValue),
            ProtectedDetails = privateDetails is null ? null : protector.Protect(privateDetails),
        });
    }

    public string? Reveal(AuditEntry entry) => entry.ProtectedDetails is null ? null : protector.Unprotect(entry.ProtectedDetails);

    private static string? Trim(string? value) => value is { Length: > 4000 } ? value[..4000] + "…" : value;
}

/// <summary>The claim that carries an account's display name, the only name the site shows.</summary>
internal static class DisplayNameClaim
{
    public const string Type = "display_name";
}
