using Microsoft.Playwright;

namespace ClinicBlog.Tests.Browser;

internal static class Navigation
{
    /// <summary>Does what starts a navigation (a key press, a click) and returns the new document's response once it has loaded.</summary>
    /// <remarks>
    /// Playwright marks RunAndWaitForNavigationAsync obsolete in favour of WaitForURLAsync, which gives no response and
    /// cannot tell a form shown again at the same address from the one before. It is the only call that does both here.
    /// </remarks>
    public static async Task<IResponse> RunAndWaitForDocumentAsync(this IPage page, Func<Task> action)
    {
#pragma warning disable CS0612 // see remarks
        var response = await page.RunAndWaitForNavigationAsync(action);
#pragma warning restore CS0612
        return response ?? throw new InvalidOperationException($"No document response after navigating to {page.Url}.");
    }
}
