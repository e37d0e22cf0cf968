using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ClinicBlog.Tests.Support;

/// <summary>Lets a test say which IP address a request comes from (the test server has none of its own).</summary>
internal sealed class ClientAddressFilter : IStartupFilter
{
    public const string Header = "X-Test-Client-Ip";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var ip))
                context.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
            return nextMiddleware();
        });
        next(app);
    };
}
