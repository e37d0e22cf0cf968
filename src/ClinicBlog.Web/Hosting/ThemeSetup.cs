namespace ClinicBlog.Web.Hosting;

/// <summary>The theme's static files and the 404 page in the site's style.</summary>
internal static class ThemeSetup
{
    /// <summary>Pages, styles and scripts are compressed for browsers that ask (not over HTTPS, where secrets in a page could leak through compression).</summary>
    internal static void AddClinicBlogCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
    }

    internal static void UseClinicBlogTheme(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error");
        app.UseResponseCompression();
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseStaticFiles(new StaticFileOptions
        {
            // Files are fingerprinted by asp-append-version, so browsers may keep them for a year.
            OnPrepareResponse = ctx =>
            {
                if (ctx.Context.Request.Query.ContainsKey("v"))
                    ctx.Context.Response.Headers.CacheControl = "public,max-age=31536000,immutable";
            },
        });
    }
}
