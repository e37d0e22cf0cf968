using ClinicBlog.Comments;
using ClinicBlog.Site;

namespace ClinicBlog.Tests.Comments;

/// <summary>The moderation rules as a table: what each kind of comment becomes, and why a moderator is told.</summary>
public sealed class CommentPolicyTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A person's ordinary comment: typed for a minute, no links, never seen before.</summary>
    private static CommentCandidate Ordinary() => new(
        AuthorName: "Jane Reader",
        Email: "jane.reader@example.com",
        Website: "https://jane.example.com",
        Body: "Thank you, the stretches helped my heel pain.",
        IpAddress: "203.0.113.7",
        HoneypotFilled: false,
        FillTime: TimeSpan.FromSeconds(60),
        HasApprovedComment: false,
        WasMarkedSpam: false);

    private static CommentPolicySettings Settings(Action<CommentPolicySettings>? change = null)
    {
        var settings = new CommentPolicySettings(); // The recipe's values: hold 2 links, 3 s, 15 s, depth 3.
        change?.Invoke(settings);
        return settings;
    }

    /// <summary>One row of the table (public for xUnit; what it holds is the module's internal types).</summary>
    public sealed class Case
    {
        internal Case(string title, CommentPolicySettings settings, bool abuseControlsOn, CommentCandidate candidate, CommentStatus status, string reason)
        {
            Title = title;
            Settings = settings;
            AbuseControlsOn = abuseControlsOn;
            Candidate = candidate;
            Status = status;
            Reason = reason;
        }

        public string Title { get; }
        internal CommentPolicySettings Settings { get; }
        internal bool AbuseControlsOn { get; }
        internal CommentCandidate Candidate { get; }
        internal CommentStatus Status { get; }
        internal string Reason { get; }

        public override string ToString() => Title;
    }

    public static TheoryData<Case> Cases()
    {
        var ordinary = Ordinary();
        var block = Settings(s => s.DisallowedWords = ["casino"]);
        var watch = Settings(s => s.ModerationWords = ["miracle cure"]);
        var autoApprove = Settings(s => s.AutoApproveKnownCommenters = true);
        return new TheoryData<Case>
        {
            new("every comment is held by default", Settings(), true, ordinary,
                CommentStatus.Pending, "held: every comment is reviewed"),
            new("one link is below the limit of 2", Settings(), true, ordinary with { Body = "See https://example.org/heel for more." },
                CommentStatus.Pending, "held: every comment is reviewed"),
            new("2 links are held as links", Settings(), true, ordinary with { Body = "See https://example.org/a and www.example.org/b." },
                CommentStatus.Pending, "held: 2 links"),
            new("a limit of 1 holds one link", Settings(s => s.HoldLinkCount = 1), true, ordinary with { Body = "See http://example.org/a" },
                CommentStatus.Pending, "held: 1 link"),
            new("a moderation word is held and named", watch, true, ordinary with { Body = "Is this a Miracle Cure for plantar fasciitis?" },
                CommentStatus.Pending, "held: contains 'miracle cure'"),
            new("a disallowed word in the name is spam", block, true, ordinary with { AuthorName = "Best Casino" },
                CommentStatus.Spam, "spam: contains the disallowed word 'casino'"),
            new("a disallowed word in the email is spam", block, true, ordinary with { Email = "win@casino.example" },
                CommentStatus.Spam, "spam: contains the disallowed word 'casino'"),
            new("a disallowed word in the website is spam", block, true, ordinary with { Website = "https://casino.example" },
                CommentStatus.Spam, "spam: contains the disallowed word 'casino'"),
            new("a disallowed word in the body is spam", block, true, ordinary with { Body = "Try our CASINO today" },
                CommentStatus.Spam, "spam: contains the disallowed word 'casino'"),
            new("a disallowed IP address is spam", Settings(s => s.DisallowedWords = ["198.51.100.23"]), true, ordinary with { IpAddress = "198.51.100.23" },
                CommentStatus.Spam, "spam: contains the disallowed word '198.51.100.23'"),
            new("the honeypot is spam", Settings(), true, ordinary with { HoneypotFilled = true },
                CommentStatus.Spam, "spam: a field hidden from people was filled in (honeypot)"),
            new("the honeypot is spam even with abuse controls off", Settings(), false, ordinary with { HoneypotFilled = true },
                CommentStatus.Spam, "spam: a field hidden from people was filled in (honeypot)"),
            new("a missing or forged stamp is spam", Settings(), true, ordinary with { FillTime = null },
                CommentStatus.Spam, "spam: the form's time stamp was missing or forged"),
            new("sent 1 s after the form was shown is held, never spam on time alone", Settings(), true, ordinary with { FillTime = TimeSpan.FromSeconds(1) },
                CommentStatus.Pending, "held: sent 1 s after the form was shown (minimum 3 s)"),
            new("a known commenter sent too fast is held, not approved", autoApprove, true, ordinary with { HasApprovedComment = true, FillTime = TimeSpan.FromSeconds(2) },
                CommentStatus.Pending, "held: sent 2 s after the form was shown (minimum 3 s)"),
            new("a fast post with a disallowed word is still spam", block, true, ordinary with { FillTime = TimeSpan.FromSeconds(1), Body = "casino" },
                CommentStatus.Spam, "spam: contains the disallowed word 'casino'"),
            new("sent exactly at the minimum is held", Settings(), true, ordinary with { FillTime = TimeSpan.FromSeconds(3) },
                CommentStatus.Pending, "held: every comment is reviewed"),
            new("no stamp with abuse controls off is held", Settings(), false, ordinary with { FillTime = null },
                CommentStatus.Pending, "held: every comment is reviewed"),
            new("0 s with abuse controls off is held", Settings(), false, ordinary with { FillTime = TimeSpan.Zero },
                CommentStatus.Pending, "held: every comment is reviewed"),
            new("a known commenter is held while auto-approval is off", Settings(), true, ordinary with { HasApprovedComment = true },
                CommentStatus.Pending, "held: every comment is reviewed"),
            new("a known commenter is approved when auto-approval is on", autoApprove, true, ordinary with { HasApprovedComment = true },
                CommentStatus.Approved, "approved: known commenter"),
            new("a new commenter is held when auto-approval is on", autoApprove, true, ordinary,
                CommentStatus.Pending, "held: every comment is reviewed"),
            new("a known commenter once marked as spam is held", autoApprove, true, ordinary with { HasApprovedComment = true, WasMarkedSpam = true },
                CommentStatus.Pending, "held: a comment from this email was marked as spam before"),
            new("a known commenter's comment with 2 links is held", autoApprove, true, ordinary with { HasApprovedComment = true, Body = "http://a.example http://b.example" },
                CommentStatus.Pending, "held: 2 links"),
            new("a known commenter's disallowed word is still spam", Settings(s => { s.AutoApproveKnownCommenters = true; s.DisallowedWords = ["casino"]; }), true,
                ordinary with { HasApprovedComment = true, Body = "casino" }, CommentStatus.Spam, "spam: contains the disallowed word 'casino'"),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_status_and_reason(Case c)
    {
        var decision = new CommentPolicy(c.Settings, c.AbuseControlsOn).Decide(c.Candidate);

        Assert.Equal(c.Status, decision.Status);
        Assert.Equal(c.Reason, decision.Reason);
    }

    [Theory]
    [InlineData(0, 3650, true)]      // 0 keeps comments open for ever.
    [InlineData(30, 29, true)]
    [InlineData(30, 30, true)]
    [InlineData(30, 31, false)]
    public void Comments_close_after_the_sites_number_of_days(int closeAfterDays, int articleAgeDays, bool open)
    {
        var policy = new CommentPolicy(Settings(s => s.CloseAfterDays = closeAfterDays), abuseControlsOn: true);

        Assert.Equal(open, policy.AreCommentsOpen(typeHasComments: true, articleAllowsComments: true, Now.AddDays(-articleAgeDays), Now));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]   // The article has comments closed.
    [InlineData(false, true, false)]   // The content type has no CommentsPart.
    public void Comments_are_open_only_where_the_type_and_the_article_allow_them(bool typeHasComments, bool articleAllows, bool open)
    {
        var policy = new CommentPolicy(Settings(), abuseControlsOn: true);

        Assert.Equal(open, policy.AreCommentsOpen(typeHasComments, articleAllows, Now.AddDays(-1), Now));
    }

    [Fact]
    public void An_unpublished_article_takes_no_comments()
    {
        Assert.False(new CommentPolicy(Settings(), true).AreCommentsOpen(true, true, publishedUtc: null, Now));
    }

    [Theory]
    [InlineData("no links here", 0)]
    [InlineData("https://a.example and http://b.example", 2)]
    [InlineData("www.example.org", 1)]
    [InlineData("https://www.example.org counts once", 1)]
    public void Counts_links_as_a_moderator_would(string text, int links)
    {
        Assert.Equal(links, CommentPolicy.CountLinks(text));
    }
}
