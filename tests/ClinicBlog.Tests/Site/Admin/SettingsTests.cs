using System.Net;
using System.Text.Json;
using ClinicBlog.Data;
using ClinicBlog.Site;
using ClinicBlog.Tests.Support;
using ClinicBlog.Tests.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Site.Admin;

/// <summary>The settings page: saved settings apply at the next request, mistakes come back with what was typed, changes are audited.</summary>
public sealed class SettingsTests(SettingsTests.Site site) : IClassFixture<SettingsTests.Site>
{
    public sealed class Site : DashboardSite;

    [Fact]
    public async Task The_page_shows_the_current_settings()
    {
        var admin = await site.SignInAsAdminAsync();

        var doc = Html.Parse(await (await admin.GetAsync("/admin/settings")).Content.ReadAsStringAsync());

        Assert.Equal("America/Denver", doc.QuerySelector("#TimeZone option[selected]")!.GetAttribute("value"));
        Assert.Equal("3", doc.QuerySelector("#MaxDepth")!.GetAttribute("value"));
        Assert.Equal("noopener", doc.QuerySelector("#GuestLinkRel option[selected]")!.GetAttribute("value"));
        Assert.True(doc.QuerySelectorAll("#TimeZone option").Length > 100);
        Assert.All(doc.QuerySelectorAll("form input:not([type=hidden]), form select, form textarea"),
            input => Assert.NotNull(doc.QuerySelector($"label[for='{input.Id}']")));
    }

    [Fact]
    public async Task A_lower_maximum_length_refuses_a_longer_comment_with_the_new_number()
    {
        var admin = await site.SignInAsAdminAsync();
        var form = await FormAsync(admin);
        form["Form.MaxLength"] = "120";

        var saved = await Forms.PostAsync(admin, "/admin/settings", form);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var reader = site.NewClient();
        var state = JsonDocument.Parse(await reader.GetStringAsync("/articles/iastm/comments/state")).RootElement;
        var response = await reader.PostAsync("/articles/iastm/comments", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [state.GetProperty("tokenField").GetString()!] = state.GetProperty("token").GetString()!,
            ["Stamp"] = state.GetProperty("stamp").GetString()!,
            ["Name"] = "Long Writer",
            ["Email"] = "long.writer@example.com",
            ["Body"] = new string('a', 150),
        }));
        Assert.Contains("Your comment is 150 characters long; please keep it to 120.", await response.TextAsync());
    }

    [Fact]
    public async Task A_new_site_name_shows_in_the_public_header_at_once_and_the_change_is_audited()
    {
        var admin = await site.SignInAsAdminAsync();
        var form = await FormAsync(admin);
        var oldName = form["Form.SiteName"];
        form["Form.SiteName"] = "Boulder Physio Notes";
        form["Form.ModerationWords"] = "casino\r\n  Casino \r\n\r\npills";

        await Forms.PostAsync(admin, "/admin/settings", form);

        var home = Html.Parse(await site.NewClient().GetStringAsync("/"));
        Assert.Equal("Boulder Physio Notes", home.QuerySelector(".site-name")!.TextContent.Trim());
        var entry = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries
            .OrderBy(e => e.Id).LastAsync(e => e.Action == "settings.update"));
        Assert.Equal($"SiteName: {oldName}\nModerationWords: ", entry.PreviousValue);
        Assert.Equal("SiteName: Boulder Physio Notes\nModerationWords: casino, pills", entry.NewValue);
        Assert.Contains("site name", entry.Summary);
        var words = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().SiteSettings.Select(x => x.CommentPolicy.ModerationWords).SingleAsync());
        Assert.Equal(["casino", "pills"], words);
    }

    [Fact]
    public async Task Mistakes_are_explained_next_to_their_fields_and_what_was_typed_is_kept()
    {
        var admin = await site.SignInAsAdminAsync();
        var form = await FormAsync(admin);
        var before = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().SiteSettings.AsNoTracking().SingleAsync());
        form["Form.SiteName"] = "  ";
        form["Form.MaxLength"] = "lots";
        form["Form.MaxDepth"] = "11";
        form["Form.CloseAfterDays"] = "-1";
        form["Form.TimeZone"] = "Mars/Olympus_Mons";
        form["Form.DisallowedWords"] = "kept\nwords";

        var response = await Forms.PostAsync(admin, "/admin/settings", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Please enter the site’s name.", doc.QuerySelector("#SiteName-error")!.TextContent);
        Assert.Equal("Please enter a whole number from 1 to 100000; “lots” is not.", doc.QuerySelector("#MaxLength-error")!.TextContent);
        Assert.Equal("Please enter a whole number from 1 to 10; “11” is not.", doc.QuerySelector("#MaxDepth-error")!.TextContent);
        Assert.Contains("from 0 to 36500", doc.QuerySelector("#CloseAfterDays-error")!.TextContent);
        Assert.Equal("Please choose a time zone from the list.", doc.QuerySelector("#TimeZone-error")!.TextContent);
        Assert.Equal("lots", doc.QuerySelector("#MaxLength")!.GetAttribute("value"));
        Assert.Equal("11", doc.QuerySelector("#MaxDepth")!.GetAttribute("value"));
        Assert.Equal("kept\nwords", doc.QuerySelector("#DisallowedWords")!.TextContent.Trim());
        Assert.Equal("true", doc.QuerySelector("#MaxLength")!.GetAttribute("aria-invalid"));
        Assert.Contains("MaxLength-error", doc.QuerySelector("#MaxLength")!.GetAttribute("aria-describedby"));
        Assert.Contains("5 fields", doc.QuerySelector(".form-errors")!.TextContent);
        var after = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().SiteSettings.AsNoTracking().SingleAsync());
        Assert.Equal((before.SiteName, before.CommentPolicy.MaxLength), (after.SiteName, after.CommentPolicy.MaxLength));
    }

    [Fact]
    public async Task Saving_without_a_change_writes_no_audit_entry()
    {
        var admin = await site.SignInAsAdminAsync();
        var count = await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries.CountAsync(e => e.Action == "settings.update"));

        var response = await Forms.PostAsync(admin, "/admin/settings", await FormAsync(admin));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(count, await site.WithServicesAsync(s => s.GetRequiredService<ClinicBlogDbContext>().AuditEntries.CountAsync(e => e.Action == "settings.update")));
    }

    /// <summary>The settings form as the page fills it in.</summary>
    private static async Task<Dictionary<string, string>> FormAsync(HttpClient admin)
    {
        var doc = Html.Parse(await admin.GetStringAsync("/admin/settings"));
        var fields = new Dictionary<string, string>();
        foreach (var input in doc.QuerySelectorAll("form.form input[name^='Form.']"))
        {
            if (input.GetAttribute("type") == "checkbox") { if (input.HasAttribute("checked")) fields[input.GetAttribute("name")!] = "true"; }
            else fields[input.GetAttribute("name")!] = input.GetAttribute("value") ?? "";
        }

        foreach (var area in doc.QuerySelectorAll("form.form textarea")) fields[area.GetAttribute("name")!] = area.TextContent.TrimStart('\n');
        foreach (var select in doc.QuerySelectorAll("form.form select"))
            fields[select.GetAttribute("name")!] = select.QuerySelector("option[selected]")?.GetAttribute("value") ?? "";
        return fields;
    }
}

/// <summary>The settings rules without HTTP: one set of limits for the recipe step and the page.</summary>
public sealed class SettingsFormTests
{
    [Fact]
    public void A_valid_form_is_copied_onto_the_settings_and_only_changes_are_reported()
    {
        var settings = new SiteSettings { SiteName = "Old", TimeZoneId = "UTC" };
        var form = SettingsForm(settings);
        form.SiteName = " New name ";
        form.MaxLength = "2,500";
        form.DisallowedWords = "spam\n\nSPAM\n viagra ";

        Assert.Empty(form.Validate());
        var before = ClinicBlog.Site.Admin.SettingsForm.Describe(settings);
        form.ApplyTo(settings);
        var changes = ClinicBlog.Site.Admin.SettingsForm.Changes(before, ClinicBlog.Site.Admin.SettingsForm.Describe(settings));

        Assert.Equal(("New name", 2500), (settings.SiteName, settings.CommentPolicy.MaxLength));
        Assert.Equal(["spam", "viagra"], settings.CommentPolicy.DisallowedWords);
        Assert.Equal([("SiteName", "Old", "New name"), ("DisallowedWords", "", "spam, viagra"), ("MaxLength", "5000", "2500")], changes);
    }

    [Theory]
    [InlineData("MaxLength", "0", "a whole number from 1 to 100000")]
    [InlineData("MaxDepth", "11", "a whole number from 1 to 10")]
    [InlineData("HoldLinkCount", "-1", "a whole number, 0 or more")]
    [InlineData("CloseAfterDays", "36501", "a whole number from 0 to 36500")]
    [InlineData("FloodIntervalSeconds", "", "Please enter a whole number, 0 or more.")]
    public void Numbers_out_of_range_are_refused_with_the_range(string field, string value, string expected)
    {
        var form = SettingsForm(new SiteSettings());
        typeof(ClinicBlog.Site.Admin.SettingsForm).GetProperty(field)!.SetValue(form, value);

        var errors = form.Validate();

        Assert.Equal([field], errors.Keys);
        Assert.Contains(expected, errors[field]);
        Assert.Equal(expected.StartsWith("Please", StringComparison.Ordinal) ? expected : CommentPolicyRules.Numbers[field].Describe(), expected);
    }

    private static ClinicBlog.Site.Admin.SettingsForm SettingsForm(SiteSettings settings) => ClinicBlog.Site.Admin.SettingsForm.From(settings);
}
