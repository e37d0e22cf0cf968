using ClinicBlog;
using ClinicBlog.Web.Hosting;
using ClinicBlog.Web.Setup;

// The command line is read first: `--help` and a command the program does not know answer before anything is touched.
var command = CommandLine.Parse(args);
if (command.Action is CommandLineAction.Help or CommandLineAction.Wrong) return await CommandLine.ExplainAsync(command);

var builder = WebApplication.CreateBuilder(args);

// Static files of the host and the module are served from the build output in every environment, not only Development.
builder.WebHost.UseStaticWebAssets();

// Hosting concerns: where data lives, which database, how people sign in.
var storage = builder.AddClinicBlogStorage();
builder.Services.AddClinicBlog(storage);
builder.AddClinicBlogIdentity();
builder.Services.AddClinicBlogCookiePolicy();
builder.AddClinicBlogProxies();
builder.Services.AddFormInput();
builder.Services.AddSiteSetup(builder.Configuration);

var app = builder.Build();

// The database is created or upgraded before anything else touches it; when it cannot be, one line says what to do.
if (!await app.PrepareClinicBlogDatabaseAsync()) return 1;

// `recipe validate FILE` and `recipe apply FILE` run and exit without serving.
if (command.Action == CommandLineAction.Recipe) return await CommandLine.RunAsync(app.Services, args);

if (!await app.RunHeadlessSetupAsync()) return 1;

// The request pipeline.
app.UseClinicBlogProxies();
app.UseSecurityHeaders();
app.UseClinicBlogTheme();
app.UseFormInput();
app.UseSiteSetupGate();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseClinicBlog();
app.MapClinicBlog();

await app.RunAsync();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
