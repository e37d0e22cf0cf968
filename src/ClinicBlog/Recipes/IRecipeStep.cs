namespace ClinicBlog.Recipes;

/// <summary>One kind of recipe step, looked up by its <see cref="Name"/>; one class per step in Recipes/Steps.</summary>
internal interface IRecipeStep
{
    /// <summary>The step's "name" in the recipe (compared case-insensitively).</summary>
    string Name { get; }

    /// <summary>Reports everything wrong with the step and changes nothing.</summary>
    Task ValidateAsync(RecipeStepJson step, RecipeStepInfo info, RecipeValidationContext context, RecipeErrors errors, CancellationToken ct);

    /// <summary>Applies a step that validated, inside the applier's transaction; create-or-update by key, so reruns are safe.</summary>
    Task ApplyAsync(RecipeStepJson step, CancellationToken ct);
}
