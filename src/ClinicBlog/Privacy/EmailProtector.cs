using System.Security.Cryptography;
using System.Text;
using ClinicBlog.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Privacy;

/// <summary>Keeps email addresses out of sight: encrypted at rest, found again by a keyed hash, never in clear text in a row.</summary>
/// <remarks>
/// The hash is an HMAC with a site key (not a plain hash, which anyone could compute from a guessed address); the key is
/// itself protected by Data Protection and stored in the database, so it survives restarts and is shared by all nodes.
/// </remarks>
internal sealed class EmailProtector(IDataProtectionProvider dataProtection, IServiceScopeFactory scopes)
{
    private readonly IDataProtector emailProtector = dataProtection.CreateProtector("ClinicBlog.Email.v1");
    private readonly IDataProtector keyProtector = dataProtection.CreateProtector("ClinicBlog.SiteSecret.v1");
    private readonly SemaphoreSlim keyLock = new(1, 1);
    private byte[]? hashKey;

    /// <summary>Trimmed and lower-cased: "Name@Example.com " and "name@example.com" are one commenter.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public string Protect(string email) => emailProtector.Protect(Normalize(email));

    public string Unprotect(string protectedEmail) => emailProtector.Unprotect(protectedEmail);

    public async Task<string> HashAsync(string email, CancellationToken ct = default) =>
        Hash("email:" + Normalize(email), await KeyAsync(ct));

    /// <summary>A keyed hash of an IP address: enough to spot a flood, not enough to know the address.</summary>
    public async Task<string> HashIpAsync(string? ip, CancellationToken ct = default) =>
        Hash("ip:" + (ip ?? "unknown"), await KeyAsync(ct));

    private static string Hash(string value, byte[] key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));

    private async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (hashKey is not null) return hashKey;
        await keyLock.WaitAsync(ct);
        try
        {
            if (hashKey is not null) return hashKey;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
            var secret = await db.SiteSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.Name == SiteSecret.EmailHashKey, ct);
            if (secret is null)
            {
                db.SiteSecrets.Add(new SiteSecret
                {
                    Name = SiteSecret.EmailHashKey,
                    ProtectedValue = keyProtector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
                });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another node made the key first: use theirs.
                }

                db.ChangeTracker.Clear();
                secret = await db.SiteSecrets.AsNoTracking().FirstAsync(s => s.Name == SiteSecret.EmailHashKey, ct);
            }

            return hashKey = Convert.FromBase64String(keyProtector.Unprotect(secret.ProtectedValue));
        }
        finally
        {
            keyLock.Release();
        }
    }
}
