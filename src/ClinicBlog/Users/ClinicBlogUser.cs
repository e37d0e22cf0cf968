using Microsoft.AspNetCore.Identity;

namespace ClinicBlog.Users;

/// <summary>An account. Only <see cref="DisplayName"/> is ever shown publicly; user name and email never are.</summary>
public sealed class ClinicBlogUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled account cannot sign in; its content stays.</summary>
    public bool IsDisabled { get; set; }
}
