using ClinicBlog.Content;

namespace ClinicBlog.Tests.Content;

/// <summary>Addresses made from titles.</summary>
public sealed class SlugTests
{
    [Theory]
    [InlineData("IASTM And Foot Pain", "iastm-and-foot-pain")]
    [InlineData("Golfer’s elbow", "golfers-elbow")]
    [InlineData("Golfer's elbow", "golfers-elbow")]
    [InlineData("Instrument assisted soft tissue mobilization (IASTM)", "instrument-assisted-soft-tissue-mobilization-iastm")]
    [InlineData("Massage Therapy For Your Foot Pain And Injuries", "massage-therapy-for-your-foot-pain-and-injuries")]
    [InlineData("  Heel Pain & Achilles Tendonitis!  ", "heel-pain-achilles-tendonitis")]
    [InlineData("Crème brûlée for the café", "creme-brulee-for-the-cafe")]
    [InlineData("3 – 5 sessions", "3-5-sessions")]
    [InlineData("--Already-a-slug--", "already-a-slug")]
    public void Titles_become_readable_addresses(string title, string slug)
    {
        Assert.Equal(slug, Slug.From(title));
        Assert.True(Slug.IsValid(slug));
    }

    [Fact]
    public void Long_titles_are_cut_without_a_trailing_hyphen()
    {
        var slug = Slug.From(string.Join(' ', Enumerable.Repeat("tendon", 40)));

        Assert.True(slug.Length <= Slug.MaxLength);
        Assert.True(Slug.IsValid(slug));
        Assert.StartsWith("tendon-tendon", slug);
    }

    [Theory]
    [InlineData("iastm-and-foot-pain", true)]
    [InlineData("iastm-2", true)]
    [InlineData("IASTM", false)]
    [InlineData("iastm and foot pain", false)]
    [InlineData("-iastm", false)]
    [InlineData("iastm-", false)]
    [InlineData("iastm--pain", false)]
    [InlineData("blog/iastm", false)]
    [InlineData("", false)]
    public void Only_lowercase_letters_digits_and_single_hyphens_are_addresses(string slug, bool valid) =>
        Assert.Equal(valid, Slug.IsValid(slug));

    [Fact]
    public void A_free_address_is_kept()
    {
        Assert.Equal("iastm", Slug.Unique("iastm", _ => false));
    }

    [Fact]
    public void A_taken_address_gets_the_first_free_number()
    {
        var taken = new HashSet<string> { "iastm", "iastm-2", "iastm-4" };

        Assert.Equal("iastm-3", Slug.Unique("iastm", taken.Contains));
    }
}
