namespace ClinicBlog.Articles;

/// <summary>Hosting settings for publishing (<c>ClinicBlog:Publishing</c>); what is published when is site data.</summary>
internal sealed class PublishingOptions
{
    /// <summary>How often each node looks for scheduled articles that are due, so how late one may be published at most:
    /// a schedule is to the minute, so a few seconds is enough.</summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromSeconds(15);
}
