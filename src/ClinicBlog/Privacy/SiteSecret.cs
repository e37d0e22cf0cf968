namespace ClinicBlog.Privacy;

/// <summary>A key the site made for itself, stored encrypted by Data Protection beside the Data Protection keys.</summary>
/// <remarks>In the database, so every node of a multi-node site uses the same one.</remarks>
internal sealed class SiteSecret
{
    public const string EmailHashKey = "EmailHashKey";

    public string Name { get; set; } = "";
    public string ProtectedValue { get; set; } = "";
}
