namespace ClinicBlog.Web.Hosting;

/// <summary>The theme's static files and the 404 page in the site's style.</summary>
internal static class ThemeSetup
{
    internal static void UseClinicBlogTheme(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error");
        // Styles and scripts (paths with an extension). Pages are compressed inside the output cache (the module's
        // UseClinicBlog), so a page served from the cache is written to the connection, not through this one's wrapper.
        app.UseWhen(context => Path.HasExtension(context.Request.Path.Value), assets => assets.UseResponseCompression());
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
