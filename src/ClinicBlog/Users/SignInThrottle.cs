using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ClinicBlog.Users;

/// <summary>How sign-in attempts are throttled (<c>ClinicBlog:SignIn</c>). Hosting settings: the defaults suit a clinic.</summary>
public sealed class SignInProtectionOptions
{
    /// <summary>Failed sign-ins one network address may make within <see cref="AddressWindow"/>, whatever accounts it tries.</summary>
    /// <remarks>Room for a clinic's staff behind one office address to mistype now and then.</remarks>
    public int FailuresPerAddress { get; set; } = 10;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures on one account name, from any address, before each further attempt must wait (1 s, 2 s, 4 s … up to <see cref="MaxAccountDelay"/>).</summary>
    public int FreeFailuresPerAccount { get; set; } = 5;

    public TimeSpan MaxAccountDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many different addresses must fail on an account before Identity locks it (for 15 minutes) and its owner is told.</summary>
    /// <remarks>One address can never lock an account: its failures count once, however many it makes.</remarks>
    public int LockoutAfterAddresses { get; set; } = 10;

    /// <summary>The shortest time between two password-reset mails to one account.</summary>
    public TimeSpan ResetMailInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>A sign-in that must wait, and for how long, in whole seconds for the message.</summary>
internal sealed record SignInWait(bool ByAddress, TimeSpan RetryAfter);

/// <summary>
/// What sign-in remembers of failures, in memory on this node: per address (ASP.NET Core's rate limiter, a sliding
/// window), per account name (growing delays), and which addresses have failed on which account (so Identity's lockout
/// counts addresses, not attempts). Account names are keyed as typed, whether the account exists or not, so the answers
/// are the same for both.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    private readonly SignInProtectionOptions options;
    private readonly TimeProvider clock;
    private readonly PartitionedRateLimiter<string> addresses;
    // Bounded: an attacker trying a million names cannot grow it without limit (the oldest go first under pressure).
    private readonly MemoryCache accounts = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly MemoryCache pairs = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    public SignInThrottle(IOptions<SignInProtectionOptions> options, TimeProvider clock)
    {
        this.options = options.Value;
        this.clock = clock;
        var limit = Math.Max(1, this.options.FailuresPerAddress);
        addresses = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = this.options.AddressWindow,
                SegmentsPerWindow = 15,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>The address as throttled: an IPv6 address by its /64 network (one household or phone has all of it).</summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static string AccountKey(string login) => login.Trim().ToUpperInvariant();

    /// <summary>Whether this attempt must wait; checked before any account is looked up.</summary>
    public SignInWait? MustWait(string address, string account)
    {
        // Asking for no permit tells whether any are left, without using one: only failures use them.
        using (var lease = addresses.AttemptAcquire(address, 0))
        {
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.AddressWindow;
                return new SignInWait(true, retry);
            }
        }

        if (accounts.Get<AccountFailures>(account) is { } failures)
        {
            var waited = clock.GetUtcNow() - failures.LastUtc;
            var delay = DelayAfter(failures.Count);
            if (waited < delay) return new SignInWait(false, delay - waited);
        }

        return null;
    }

    /// <summary>Records a failure; returns true when it is the first from this address on this account (in a day).</summary>
    public bool Failed(string address, string account)
    {
        using (addresses.AttemptAcquire(address))
        {
        }

        var now = clock.GetUtcNow();
        var before = accounts.Get<AccountFailures>(account);
        accounts.Set(account, new AccountFailures((before?.Count ?? 0) + 1, now),
            new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = options.AddressWindow });

        var pair = address + "\n" + account;
        if (pairs.TryGetValue(pair, out _)) return false;
        pairs.Set(pair, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(1) });
        return true;
    }

    /// <summary>A successful sign-in clears what this account name and address remembered.</summary>
    public void Succeeded(string address, string account)
    {
        accounts.Remove(account);
        pairs.Remove(address + "\n" + account);
    }

    /// <summary>0 for the free failures, then 1 s, 2 s, 4 s … up to the maximum.</summary>
    internal TimeSpan DelayAfter(int failures)
    {
        var over = failures - options.FreeFailuresPerAccount;
        if (over < 0) return TimeSpan.Zero;
        var seconds = Math.Pow(2, Math.Min(over, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.MaxAccountDelay.TotalSeconds));
    }

    public void Dispose()
    {
        addresses.Dispose();
        accounts.Dispose();
        pairs.Dispose();
    }

    private sealed record AccountFailures(int Count, DateTimeOffset LastUtc);
}
