namespace ClinicBlog.Web.Setup;

/// <summary>Setup without a browser (<c>ClinicBlog:Setup:*</c>): used when an admin user name is given.</summary>
internal sealed class SetupOptions
{
    public string? SiteName { get; set; }
    public string Recipe { get; set; } = "clinic-blog";
    public string? AdminUserName { get; set; }
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}
