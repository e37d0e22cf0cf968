using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

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

/// <summary>How a dashboard page answers a refused transition: not found, not allowed, or its form again with the errors.</summary>
internal static class WorkflowRefusal
{
    /// <summary>404 or 403 when there is no form to show again; otherwise null, with the errors put in the model state
    /// beside the fields of <c>Input</c> (or above the form), for the caller to show the form again.</summary>
    public static IActionResult? AnswerOrShowAgain<T>(PageModel page, WorkflowResult<T> result, string fallback = "That could not be done.")
        where T : class
    {
        switch (result.Outcome)
        {
            case WorkflowOutcome.NotFound:
                return page.NotFound();
            case WorkflowOutcome.Forbidden:
                return page.Forbid();
        }

        foreach (var (field, message) in result.FieldErrors) page.ModelState.AddModelError($"Input.{field}", message);
        if (result.FieldErrors.Count == 0) page.ModelState.AddModelError("", result.Error ?? fallback);
        return null;
    }

    /// <summary>The first error of each field, in the order of the form, for the summary above it.</summary>
    public static IReadOnlyList<(string Field, string Message)> Summary(ModelStateDictionary state) =>
        state.Where(e => e.Value?.Errors.Count > 0).Select(e => (e.Key, e.Value!.Errors[0].ErrorMessage)).ToList();
}
