namespace ClinicBlog.Tests.Browser;

/// <summary>
/// The look at a phone's width (375 px) and a laptop's (1280 px): nothing wider than the screen, a reading measure of
/// 60 to 75 characters. Screenshots of every template at both widths are written to <see cref="ScreenshotsDirectory"/>
/// when <c>CLINICBLOG_SCREENSHOTS=1</c>, for a person to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LookTests(BrowserSite site)
{
    public static readonly int[] Widths = [375, 1280];

    public static string ScreenshotsDirectory => Path.Combine(AppContext.BaseDirectory, "e2e-screenshots");

    private static bool KeepScreenshots => Environment.GetEnvironmentVariable("CLINICBLOG_SCREENSHOTS") == "1";

    [Theory]
    [MemberData(nameof(PageTemplates.Names), MemberType = typeof(PageTemplates))]
    public Task No_page_template_is_wider_than_a_phone_or_a_laptop_screen(string template) =>
        site.RunAsync($"look-{template}", async session =>
        {
            var t = PageTemplates.Named(template);
            foreach (var width in Widths)
            {
                var page = (await session.NewTabAsync(t.SignedInAs, t.Site, width)).Page;
                await t.OpenAsync(page, site);

                var overflow = await page.EvaluateAsync<string[]>(
                    """
                    () => document.documentElement.scrollWidth <= window.innerWidth ? [] :
                      [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`)
                    """);
                Assert.True(overflow.Length == 0, $"{template} at {width} px is wider than the screen: {string.Join(", ", overflow)}");

                if (KeepScreenshots)
                {
                    Directory.CreateDirectory(ScreenshotsDirectory);
                    await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotsDirectory, $"{string.Concat(template.Select(c => char.IsLetterOrDigit(c) ? c : '-'))}-{width}.png"), FullPage = true });
                }
            }
        });

    [Theory]
    [InlineData(375, 30, 75)]
    [InlineData(1280, 60, 75)]
    public Task Article_text_keeps_a_reading_measure(int width, int fewest, int most) =>
        site.RunAsync($"measure-{width}", async session =>
        {
            var page = (await session.NewTabAsync(width: width)).Page;
            await page.GotoAsync("/articles/iastm-and-foot-pain");

            // Characters per line: the paragraph's width over the mean width of its own characters in its own font.
            var perLine = await page.EvaluateAsync<double>(
                """
                () => {
                  const p = [...document.querySelectorAll('.article > .prose p')].sort((a, b) => b.textContent.length - a.textContent.length)[0];
                  const ctx = document.createElement('canvas').getContext('2d');
                  ctx.font = getComputedStyle(p).font;
                  return p.getBoundingClientRect().width / (ctx.measureText(p.textContent).width / p.textContent.length);
                }
                """);
            Assert.InRange(perLine, fewest, most);
        });
}
