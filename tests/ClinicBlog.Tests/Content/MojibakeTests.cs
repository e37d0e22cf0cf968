using ClinicBlog.Content;

namespace ClinicBlog.Tests.Content;

/// <summary>Text that was UTF-8 read as Windows-1252 once, as imported pages carry it.</summary>
public sealed class MojibakeTests
{
    [Theory]
    [InlineData("Tennis and Golferâ€™s elbow", "Tennis and Golfer’s elbow")]
    [InlineData("â€œIASTMâ€\u009d is a treatment", "“IASTM” is a treatment")]
    [InlineData("3 â€“ 5 sessions", "3 – 5 sessions")]
    [InlineData("the cafÃ© and the crÃ¨me", "the café and the crème")]
    [InlineData("10Â\u00A0minutes", "10\u00A0minutes")]
    public void Mojibake_is_repaired(string broken, string repaired) => Assert.Equal(repaired, Mojibake.Repair(broken));

    [Theory]
    [InlineData("Golfer’s elbow")]
    [InlineData("“-itis” conditions, 3 – 5 sessions, café")]
    [InlineData("Plain ASCII text.")]
    [InlineData("SÃO PAULO")]
    [InlineData("")]
    public void Clean_text_is_unchanged(string text) => Assert.Equal(text, Mojibake.Repair(text));

    [Fact]
    public void Repaired_text_no_longer_looks_broken()
    {
        Assert.True(Mojibake.Has("Golferâ€™s"));
        Assert.False(Mojibake.Has(Mojibake.Repair("Golferâ€™s")));
    }
}
