using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace ClinicBlog.Tests.Comments.Support;

/// <summary>A real SMTP server on a free loopback port: Debian's python3-aiosmtpd, writing what it receives to a Maildir.</summary>
/// <remarks>Missing python3-aiosmtpd is a failure with the install line, never a skip.</remarks>
public sealed class CommentsSmtpServer : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public const string InstallLine = "apt-get install -y python3-aiosmtpd";

    private Process? process;

    public CommentsSmtpServer(string maildir)
    {
        Maildir = maildir;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }
    public string Maildir { get; }

    public void Start()
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException($"The SMTP tests need {Python} with python3-aiosmtpd: {InstallLine}");
        using (var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true })!)
        {
            check.WaitForExit();
            if (check.ExitCode != 0)
                throw new InvalidOperationException($"The SMTP tests need Debian's python3-aiosmtpd, which is missing: {InstallLine}");
        }

        process = Process.Start(new ProcessStartInfo(Python,
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"aiosmtpd stopped at once: {process.StandardError.ReadToEnd()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    public void Stop()
    {
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        process = null;
    }

    /// <summary>Every message the server has received, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Received()
    {
        var folder = Path.Combine(Maildir, "new");
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder).Select(f => (File: f, Time: File.GetLastWriteTimeUtc(f))).OrderBy(x => x.Time)
            .Select(x => MimeMessage.Load(x.File)).ToList();
    }

    public void Dispose() => Stop();
}

/// <summary>A site that sends its mail through <see cref="CommentsSmtpServer"/> (no .eml files).</summary>
public sealed class CommentsSiteWithSmtp : CommentsSiteFactory
{
    public CommentsSiteWithSmtp() => Smtp = new CommentsSmtpServer(Path.Combine(DataDirectory, "smtp-maildir"));

    public CommentsSmtpServer Smtp { get; }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ClinicBlog:Comments:PostsPerMinutePerIp"] = "10000",
        ["ClinicBlog:Smtp:Host"] = "127.0.0.1",
        ["ClinicBlog:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ClinicBlog:Smtp:Security"] = "None",
        ["ClinicBlog:Smtp:From"] = "The Clinic Blog <blog@clinic.example>",
        ["ClinicBlog:Smtp:SiteUrl"] = "https://blog.clinic.example/",
    };

    public override async Task InitializeAsync()
    {
        Smtp.Start();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        Smtp.Dispose();
        await base.DisposeAsync();
    }
}
