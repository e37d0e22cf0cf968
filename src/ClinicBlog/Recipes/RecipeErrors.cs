namespace ClinicBlog.Recipes;

/// <summary>One thing wrong with a recipe, said the way its author can find it: which step, which item or field, what was expected.</summary>
public sealed record RecipeError(int? StepIndex, string? StepName, string Message)
{
    public override string ToString() => StepIndex is { } i
        ? $"step {i} '{StepName}': {Message}"
        : Message;
}

/// <summary>All that is wrong with a recipe: validation reports everything before anything is applied.</summary>
internal sealed class RecipeErrors
{
    private readonly List<RecipeError> errors = [];

    public IReadOnlyList<RecipeError> All => errors;
    public bool Any => errors.Count > 0;

    public void Add(string message) => errors.Add(new RecipeError(null, null, message));

    public void Add(RecipeStepInfo step, string message) => errors.Add(new RecipeError(step.Index, step.Name, message));
}

/// <summary>Where a step stands in its recipe (1-based, as a person counts) and the name it was given.</summary>
internal readonly record struct RecipeStepInfo(int Index, string Name);
