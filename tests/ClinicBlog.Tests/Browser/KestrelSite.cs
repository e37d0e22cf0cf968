using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClinicBlog.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Browser;

/// <summary>
/// The real host on Kestrel over its own temp data folder: <c>http://127.0.0.1:PORT</c> for the browser, and the same site
/// on <c>https://127.0.0.1:PORT</c> with a throwaway self-signed certificate, for what must differ over HTTPS (Secure cookies).
/// </summary>
/// <remarks>
/// In-process (<see cref="Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory{TEntryPoint}"/> with Kestrel) rather
/// than the built ClinicBlog.Web.dll as a child process: the same Program and middleware serve real sockets, while the
/// tests can still reach the site's services (to approve comments through the ModerationQueue), start in about a second,
/// and leave no process behind when a run is cut short.
/// </remarks>
internal sealed class KestrelSite : IAsyncDisposable
{
    private readonly TempDirectory folder;

    private KestrelSite(TempDirectory folder, SiteFactory factory, Uri http, Uri https)
    {
        this.folder = folder;
        Factory = factory;
        Http = http;
        Https = https;
    }

    public SiteFactory Factory { get; }

    public Uri Http { get; }

    public Uri Https { get; }

    public IServiceProvider Services => Factory.Services;

    /// <summary>The site's data directory (its database, and the mail it writes as .eml files under <c>mail/</c>).</summary>
    public string DataDirectory => folder.Path;

    /// <summary>Starts a site; with <paramref name="setup"/> it is set up from the recipe at start, without it it shows the setup page.</summary>
    public static KestrelSite Start(SetupSettings? setup)
    {
        var folder = new TempDirectory();
        // The browser sits behind a "proxy" on loopback: a browser context may say which reader it is with
        // X-Forwarded-For, so that journeys posting comments meet the per-IP flood interval as different people.
        var factory = new SiteFactory(folder.Path, setup, new Dictionary<string, string?>
        {
            ["ClinicBlog:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            // Every browser check opens "sign-in showing errors" from this one address: its failures must not
            // throttle the sign-ins of the other checks.
            ["ClinicBlog:SignIn:FailuresPerAddress"] = "100000",
            ["ClinicBlog:SignIn:FreeFailuresPerAccount"] = "100000",
        });
        var certificate = SelfSignedCertificate();
        // Port 0: the system picks free ports, read back below, so parallel runs never collide.
        factory.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        factory.StartServer();

        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Uri Address(string scheme) => new(addresses.Single(a => a.StartsWith(scheme + "://", StringComparison.Ordinal)));
        return new KestrelSite(folder, factory, Address("http"), Address("https"));
    }

    /// <summary>An HttpClient for this site that shows redirects and cookies as sent, trusting the throwaway certificate.</summary>
    /// <param name="from">The loopback address to connect from: another address is another reader to the site's per-IP limits.</param>
    public HttpClient CreateHttpClient(bool https = false, IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler) { BaseAddress = https ? Https : Http };
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        folder.Dispose();
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
