using System.Diagnostics;
using System.Net;
using ClinicBlog.Tests.Support;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Users;

/// <summary>
/// Sign-in and "forgot password" as an attacker would try them: failures from one address cannot lock the owner out,
/// the answers and their timing are the same whether an account exists or not, and reset mails cannot be flooded.
/// </summary>
[Collection(TimedTestsCollection.Name)]
public sealed class SignInSafetyTests(SignInSafetyTests.Site site) : IClassFixture<SignInSafetyTests.Site>
{
    public sealed class Site : DashboardSite;

    private static readonly string NotRight = SignInAttempts.NotRight;

    [Fact]
    public async Task Failures_from_one_address_cannot_lock_the_owner_out_from_another()
    {
        await site.CreateUserAsync("owner1", "owner1 password 1", "Administrator");
        var attacker = site.NewClient("203.0.113.5");
        for (var i = 1; i <= 10; i++)
        {
            // Past the free failures, each try waits for the account name's delay (up to a minute).
            site.Clock.Offset += TimeSpan.FromSeconds(70);
            var wrong = await SignInAsync(attacker, "owner1", $"guess {i}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Equal(NotRight, await ErrorAsync(wrong));
        }

        // The address is throttled, for every account it tries, known or not.
        site.Clock.Offset += TimeSpan.FromSeconds(70);
        var eleventh = await SignInAsync(attacker, "owner1", "guess 11");
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.StartsWith("Too many failed sign-ins from your network.", await ErrorAsync(eleventh));
        var other = await SignInAsync(attacker, "nobody-at-all", "guess 12");
        Assert.Equal(await ErrorAsync(eleventh), await ErrorAsync(other));

        // The owner, from another address a little later, signs in with the right password.
        site.Clock.Offset += TimeSpan.FromSeconds(70);
        var owner = site.NewClient("198.51.100.7");
        var signedIn = await SignInAsync(owner, "owner1", "owner1 password 1");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/admin")).StatusCode);
        Assert.Empty(await site.MailToAsync("owner1@example.com"));
    }

    [Fact]
    public async Task An_account_is_locked_only_when_many_addresses_fail_its_owner_is_told_and_it_answers_like_an_unknown_one()
    {
        await site.CreateUserAsync("owner2", "owner2 password 1", "Moderator");
        var answers = new Dictionary<string, string>();
        for (var n = 1; n <= 10; n++)
        {
            // Growing delays per account name (up to a minute): each further try comes after the last one's.
            site.Clock.Offset += TimeSpan.FromSeconds(70);
            var known = await SignInAsync(site.NewClient($"192.0.2.{n}"), "owner2", $"guess {n}");
            var unknown = await SignInAsync(site.NewClient($"192.0.2.{100 + n}"), "owner-two", $"guess {n}");
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
            Assert.Equal(await ErrorAsync(unknown), await ErrorAsync(known));
        }

        Assert.True(await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ClinicBlogUser>>();
            return await users.IsLockedOutAsync((await users.FindByNameAsync("owner2"))!);
        }));
        var mail = Assert.Single(await site.MailToAsync("owner2@example.com"));
        Assert.Contains("is locked", mail.Subject);
        Assert.Contains("/admin/forgot-password", mail.TextBody);

        // Locked: even the right password gets the words an unknown account gets.
        site.Clock.Offset += TimeSpan.FromMinutes(1);
        var right = await SignInAsync(site.NewClient("192.0.2.50"), "owner2", "owner2 password 1");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(NotRight, await ErrorAsync(right));
    }

    [Fact]
    public async Task A_wrong_password_costs_the_same_time_for_a_known_an_unknown_and_a_disabled_account()
    {
        await site.CreateUserAsync("timed", "timed password 1", "Moderator");
        var disabledId = await site.CreateUserAsync("timed-off", "timed-off password 1", "Moderator");
        await site.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ClinicBlogUser>>();
            var off = (await users.FindByIdAsync(disabledId))!;
            off.IsDisabled = true;
            return await users.UpdateAsync(off);
        });

        var logins = new[] { "timed", "no-such-person", "timed-off", "nobody@example.com" };
        var times = logins.ToDictionary(l => l, _ => new List<double>());
        await SignInAsync(site.NewClient("198.18.0.1"), "warm-up", "warm up the hasher");
        for (var round = 0; round < 7; round++)
        {
            foreach (var login in logins)
            {
                site.Clock.Offset += TimeSpan.FromSeconds(70);
                var client = site.NewClient($"198.18.{round + 1}.{Array.IndexOf(logins, login) + 1}");
                var (response, ms) = await TimedSignInAsync(client, login, "a wrong password");
                Assert.Equal(NotRight, await ErrorAsync(response));
                times[login].Add(ms);
            }
        }

        var medians = times.ToDictionary(t => t.Key, t => Median(t.Value));
        var said = string.Join(", ", medians.Select(m => $"{m.Key} {m.Value:0.0} ms"));
        Assert.True(medians.Values.Max() <= 2 * medians.Values.Min(), $"medians differ by more than 2×: {said}");
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_in_the_same_time_and_sends_one_mail_however_often_asked()
    {
        await site.CreateUserAsync("resetter", "resetter password 1", "Moderator");
        var resets = site.Factory.Services.GetRequiredService<PasswordResets>();
        var known = new List<double>();
        var unknown = new List<double>();
        string? knownText = null, unknownText = null;
        var asked = resets.Handled;
        const int Rounds = 11;
        for (var i = 0; i < Rounds; i++)
        {
            // In turns, each first every other round, so neither is always the one after the other's background work.
            async Task AskAsync(bool isKnown)
            {
                var (response, ms) = await TimedPostAsync(site.NewClient(), "/admin/forgot-password",
                    new() { ["Email"] = isKnown ? "resetter@example.com" : $"nobody{i}@example.com" });
                (isKnown ? known : unknown).Add(ms);
                if (isKnown) knownText = await StatusAsync(response);
                else unknownText = await StatusAsync(response);
            }

            await AskAsync(i % 2 == 0);
            await AskAsync(i % 2 != 0);
        }

        Assert.Equal(unknownText, knownText);
        Assert.StartsWith("If an account uses that address", knownText);
        // Both answers take a few milliseconds, where a scheduler's hiccup alone is a few more: within 2× of each other,
        // give or take 5 ms (the look-up and mail that made a known address take 35 times longer now run afterwards).
        var (slow, fast) = (Math.Max(Median(known), Median(unknown)), Math.Min(Median(known), Median(unknown)));
        Assert.True(slow <= 2 * fast + 5, $"medians: known {Median(known):0.0} ms, unknown {Median(unknown):0.0} ms");

        // Eleven asks for the known address within seconds: every one is handled, one mail leaves.
        await WaitForAsync(() => resets.Handled >= asked + 2 * Rounds);
        var mails = await site.MailToAsync("resetter@example.com");
        Assert.Single(mails);
        Assert.Contains("/admin/reset-password?user=", mails[0].TextBody);

        // After the interval, asking again sends a new one.
        site.Clock.Offset += TimeSpan.FromMinutes(6);
        await Forms.PostAsync(site.NewClient(), "/admin/forgot-password", new() { ["Email"] = "resetter@example.com" });
        await WaitForAsync(() => resets.Handled >= asked + 2 * Rounds + 1);
        Assert.Equal(2, (await site.MailToAsync("resetter@example.com")).Count);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password) =>
        Forms.PostAsync(client, "/admin/sign-in", new() { ["Input.Login"] = login, ["Input.Password"] = password });

    private static Task<(HttpResponseMessage, double)> TimedSignInAsync(HttpClient client, string login, string password) =>
        TimedPostAsync(client, "/admin/sign-in", new() { ["Input.Login"] = login, ["Input.Password"] = password });

    /// <summary>Loads the page for its token, then times the POST alone.</summary>
    private static async Task<(HttpResponseMessage, double)> TimedPostAsync(HttpClient client, string page, Dictionary<string, string> fields)
    {
        var token = await Forms.TokenAsync(client, page);
        var content = new FormUrlEncodedContent([.. fields, KeyValuePair.Create("__RequestVerificationToken", token)]);
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync(page, content);
        await response.Content.LoadIntoBufferAsync();
        return (response, watch.Elapsed.TotalMilliseconds);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".form-errors")?.TextContent.Trim() ?? "(no error shown)";

    private static async Task<string> StatusAsync(HttpResponseMessage response) =>
        Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[role=status]")?.TextContent.Trim() ?? "(no status shown)";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within 30 s");
            await Task.Delay(20);
        }
    }
}

/// <summary>Tests that compare how long answers take run alone, after the others: two busy cores would time the machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedTestsCollection
{
    public const string Name = "Timed, run alone";
}

/// <summary>An address that gets through the address throttle again and again (here it is set very high) still counts once.</summary>
public sealed class OneAddressLockoutTests(OneAddressLockoutTests.Site site) : IClassFixture<OneAddressLockoutTests.Site>
{
    public sealed class Site : DashboardSite
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ClinicBlog:SignIn:FailuresPerAddress"] = "1000",
        };
    }

    [Fact]
    public async Task One_address_failing_again_and_again_never_locks_the_account()
    {
        await site.CreateUserAsync("owner3", "owner3 password 1", "Moderator");
        var client = site.NewClient("203.0.113.77");
        for (var i = 0; i < 25; i++)
        {
            site.Clock.Offset += TimeSpan.FromMinutes(2);
            var wrong = await Forms.PostAsync(client, "/admin/sign-in", new() { ["Input.Login"] = "owner3", ["Input.Password"] = $"guess {i}" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var user = await site.WithServicesAsync(async s => (await s.GetRequiredService<UserManager<ClinicBlogUser>>().FindByNameAsync("owner3"))!);
        Assert.Null(user.LockoutEnd);
        Assert.Equal(1, user.AccessFailedCount);
        site.Clock.Offset += TimeSpan.FromMinutes(2);
        var right = await Forms.PostAsync(site.NewClient("198.51.100.9"), "/admin/sign-in", new() { ["Input.Login"] = "owner3", ["Input.Password"] = "owner3 password 1" });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }
}
