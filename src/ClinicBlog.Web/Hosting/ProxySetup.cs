using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ClinicBlog.Web.Hosting;

/// <summary>Behind a load balancer: trust X-Forwarded-For/Proto from the configured proxies only.</summary>
/// <remarks>
/// Then per-IP rules (rate limit, flood check) see the reader's address, and cookies are Secure when the reader
/// came over HTTPS. <c>ClinicBlog:ForwardedHeaders:KnownProxies</c> lists proxy addresses ("10.0.0.5"),
/// <c>:KnownNetworks</c> CIDR ranges ("10.0.0.0/24"). With neither, forwarded headers are ignored.
/// </remarks>
internal static class ProxySetup
{
    internal static void AddClinicBlogProxies(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ClinicBlog:ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            // With no proxy configured nothing is trusted: a reader cannot pretend to be someone else.
            o.ForwardLimit = Math.Max(1, proxies.Length + networks.Length);
        });
    }

    internal static void UseClinicBlogProxies(this WebApplication app) => app.UseForwardedHeaders();
}
