using ClinicBlog.Recipes;
using ClinicBlog.Setup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClinicBlog.Web.Setup;

internal sealed class SetupModel(SiteSetup setup) : PageModel
{
    [BindProperty]
    public SetupRequest Input { get; set; } = new();

    public IReadOnlyList<RecipeInfo> Recipes { get; private set; } = [];

    public void OnGet()
    {
        Recipes = setup.SetupRecipes();
        if (Recipes.Count > 0 && Recipes.All(r => r.Name != Input.Recipe)) Input.Recipe = Recipes[0].Name;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Recipes = setup.SetupRecipes();
        if (!ModelState.IsValid) return Page();
        var problems = await setup.SetUpAsync(Input, ct);
        if (problems.Count == 0) return Redirect("/");
        foreach (var (field, message) in problems)
            ModelState.AddModelError(field.Length > 0 ? $"{nameof(Input)}.{field}" : "", message);
        return Page();
    }
}
