namespace ClinicBlog.Articles;

internal enum WorkflowOutcome
{
    Done,

    /// <summary>No such item (or one this person may not know exists).</summary>
    NotFound,

    /// <summary>This person's permissions do not allow it.</summary>
    Forbidden,

    /// <summary>What was typed is not acceptable: see <see cref="WorkflowResult.FieldErrors"/>.</summary>
    Invalid,

    /// <summary>Allowed, but not in the item's present state (publishing what is already published, a taken address).</summary>
    Conflict,
}

/// <summary>How a transition went, with an error in plain words that a page can show as it is.</summary>
internal sealed record WorkflowResult<T>(WorkflowOutcome Outcome, T? Item, string? Error, IReadOnlyDictionary<string, string> FieldErrors)
    where T : class
{
    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    public bool Succeeded => Outcome == WorkflowOutcome.Done;

    public static WorkflowResult<T> Done(T item) => new(WorkflowOutcome.Done, item, null, NoErrors);

    public static WorkflowResult<T> NotFound(string error = "There is no such item; it may have been deleted.") =>
        new(WorkflowOutcome.NotFound, null, error, NoErrors);

    public static WorkflowResult<T> Forbidden(string error) => new(WorkflowOutcome.Forbidden, null, error, NoErrors);

    public static WorkflowResult<T> Conflict(string error) => new(WorkflowOutcome.Conflict, null, error, NoErrors);

    public static WorkflowResult<T> Invalid(IReadOnlyDictionary<string, string> fieldErrors) =>
        new(WorkflowOutcome.Invalid, null, "Please correct the fields marked below.", fieldErrors);

    /// <summary>The same refusal for another item type (a check's answer becomes a transition's).</summary>
    public WorkflowResult<TOther> As<TOther>() where TOther : class => new(Outcome, null, Error, FieldErrors);
}
