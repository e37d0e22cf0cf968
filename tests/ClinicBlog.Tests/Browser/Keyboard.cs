using Microsoft.Playwright;

namespace ClinicBlog.Tests.Browser;

/// <summary>Moving through a page the way a keyboard user does: Tab until the wanted control has focus.</summary>
internal static class Keyboard
{
    /// <summary>Presses Tab until <paramref name="target"/> has focus; fails (naming where focus went) after <paramref name="maxPresses"/>.</summary>
    public static async Task TabToAsync(this IPage page, ILocator target, int maxPresses = 60)
    {
        var visited = new List<string>();
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement")) return;
            visited.Add(await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} “${(e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40)}”` : 'nothing'; }"));
        }

        throw new InvalidOperationException($"{maxPresses} presses of Tab did not reach {target}. Focus went: {string.Join(" → ", visited)}");
    }

    /// <summary>Whether the focused element shows a focus indicator (an outline or a box shadow).</summary>
    public static Task<bool> FocusIsVisibleAsync(this IPage page) =>
        page.EvaluateAsync<bool>(
            "() => { const s = getComputedStyle(document.activeElement); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }");
}
