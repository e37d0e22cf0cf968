using ClinicBlog.Roles;

namespace ClinicBlog.Users.Admin;

/// <summary>The role checkboxes: every role, which are ticked, the form field's name and its error.</summary>
internal sealed record RoleChoices(IReadOnlyList<RoleSummary> All, IReadOnlyCollection<string> Chosen, string Name, string? Error);
