namespace ClinicBlog.Mail;

/// <summary>SMTP from configuration (<c>ClinicBlog:Smtp</c>). With no host, mail is written as .eml files under the data directory.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";

    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender's address. Without a name of its own ("Riverside Physio &lt;blog@…&gt;"), mail is sent in the
    /// site's name, as the admin set it in the settings.</summary>
    public string From { get; set; } = "no-reply@localhost";

    /// <summary>The public address of the site, for links in emails (e.g. https://blog.example-clinic.com).</summary>
    public string? SiteUrl { get; set; }

    internal bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
