using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ClinicBlog.Users;

/// <summary>What an invitation link turned out to be when someone opened it.</summary>
internal enum InvitationStatus
{
    /// <summary>The person may set a password now.</summary>
    Valid,

    /// <summary>Older than the invitation lifetime.</summary>
    Expired,

    /// <summary>The account already has a password: the invitation was accepted.</summary>
    Used,

    /// <summary>Not ours, mistyped, for another account, or replaced by a newer invitation (resent or withdrawn).</summary>
    Invalid,
}

/// <summary>The rules of an invitation link: who it is for, until when, and which invitation of theirs it is.</summary>
/// <remarks>
/// A plain class over a Data Protection protector and a given clock, so it is tested without a server. The token
/// carries its own expiry (instead of Identity's token providers, which only say "invalid") so the page can tell an
/// expired link from a used or a replaced one in plain words. It carries the account's security stamp too: resending
/// an invitation or disabling the account changes the stamp, which retires every older link.
/// </remarks>
internal sealed class InvitationTokens(IDataProtector protector)
{
    internal const string Purpose = "ClinicBlog.Users.Invitation.v1";

    public string Create(string userId, string securityStamp, DateTime expiresUtc) =>
        protector.Protect(string.Join('\n', userId, securityStamp, expiresUtc.Ticks.ToString(CultureInfo.InvariantCulture)));

    /// <param name="hasPassword">The account has a password already (the invitation was accepted).</param>
    public InvitationStatus Check(string? token, string userId, string? securityStamp, bool hasPassword, DateTime nowUtc)
    {
        if (string.IsNullOrEmpty(token)) return InvitationStatus.Invalid;
        string[] parts;
        try
        {
            parts = protector.Unprotect(token).Split('\n');
        }
        catch (CryptographicException)
        {
            return InvitationStatus.Invalid;
        }

        if (parts.Length != 3 || parts[0] != userId || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks))
            return InvitationStatus.Invalid;
        // Used comes first: someone who accepted and clicks again later should hear "already used", not "expired".
        if (hasPassword) return InvitationStatus.Used;
        if (nowUtc > new DateTime(ticks, DateTimeKind.Utc)) return InvitationStatus.Expired;
        return parts[1] == securityStamp ? InvitationStatus.Valid : InvitationStatus.Invalid;
    }
}
