using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace ClinicBlog.Tests.Browser;

/// <summary>axe-core on every page template: no violation of the WCAG 2.2 level A and AA rules.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserSite site)
{
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>axe on a page as it stands now (after a script changed it in place): no WCAG 2.2 A or AA violation.</summary>
    internal static async Task AssertNoViolationsAsync(Microsoft.Playwright.IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
        Assert.True(result.Violations.Length == 0, $"{what}: {Describe(result.Violations)}");
    }

    [Theory]
    [MemberData(nameof(PageTemplates.Names), MemberType = typeof(PageTemplates))]
    public Task Every_page_template_meets_WCAG_2_2_A_and_AA(string template) =>
        site.RunAsync($"a11y-{template}", async session =>
        {
            var t = PageTemplates.Named(template);
            var tab = await session.NewTabAsync(t.SignedInAs, t.Site);
            await t.OpenAsync(tab.Page, site);

            var result = await tab.Page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });

            Assert.True(result.Violations.Length == 0, $"{template}: {Describe(result.Violations)}");
        });

    private static string Describe(AxeResultItem[] violations)
    {
        var text = new StringBuilder($"{violations.Length} accessibility violation(s):");
        foreach (var v in violations)
        {
            text.Append($"\n- {v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}");
            foreach (var node in v.Nodes.Take(5))
            {
                var checks = node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message);
                text.Append($"\n    at {node.Target}: {node.Html}\n      {string.Join("; ", checks)}");
            }
        }

        return text.ToString();
    }
}
