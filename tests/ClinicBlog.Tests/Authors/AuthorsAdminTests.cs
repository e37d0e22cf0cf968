using System.Net;
using ClinicBlog.Tests.Articles;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Tests.Authors;

/// <summary>The Authors pages of the dashboard through HTTP. Each test makes its own authors.</summary>
public sealed class AuthorsAdminTests(AuthorsAdminTests.Site site) : IClassFixture<AuthorsAdminTests.Site>
{
    public sealed class Site : SetUpSite;

    private const string BioForm = "form.author-form";

    private static Dictionary<string, string> NewAuthor(string name) => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Slug"] = "",
        ["Input.Credentials"] = "PT, OCS",
        ["Input.Headline"] = "Runs the running clinic",
        ["Input.BioMarkdown"] = $"{name} treats **runners**.",
        ["Input.WebsiteUrl"] = "https://running.example/",
        ["Input.WebsiteText"] = "Running clinic",
        ["Input.PhotoUrl"] = "https://running.example/photo.jpg",
        ["Input.NotificationEmail"] = "",
        ["Input.UserId"] = "",
    };

    private static string IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/admin/authors/[0-9a-z]{26}$", location);
        return location["/admin/authors/".Length..];
    }

    [Fact]
    public async Task An_author_is_created_listed_and_shown_publicly_with_the_bio()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);

        var id = IdFrom(await admin.PostAsync("/admin/authors/new", "/admin/authors/new", NewAuthor("Rita Runner")));

        var row = (await admin.PageAsync("/admin/authors")).QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Rita Runner");
        Assert.Equal($"/admin/authors/{id}", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal(["PT, OCS", "0", "None"], row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        var page = Html.Parse(await site.GetPageAsync("/authors/rita-runner"));
        Assert.Contains("Rita Runner, PT, OCS", page.Body!.TextContent);
        Assert.Equal("runners", page.QuerySelector(".prose strong")!.TextContent);
        Assert.Equal("https://running.example/", page.QuerySelector(".author-website a")!.GetAttribute("href"));
        Assert.True(await site.Factory.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.ItemId == id && e.Action == "author.create")));
    }

    [Fact]
    public async Task The_list_counts_published_articles_and_names_the_linked_account()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);

        var joe = (await admin.PageAsync("/admin/authors")).QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Joe Fleming");

        Assert.Equal("1", joe.QuerySelectorAll("td")[1].TextContent.Trim());
    }

    [Fact]
    public async Task Editing_a_bio_changes_the_byline_readers_see()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var id = IdFrom(await admin.PostAsync("/admin/authors/new", "/admin/authors/new", NewAuthor("Ed Itable")));
        var fields = StaffSession.FormValues(await admin.PageAsync($"/admin/authors/{id}"), BioForm);
        fields["Input.Credentials"] = "DPT";
        fields["Input.Headline"] = "Now a doctor of physical therapy";

        var saved = await admin.PostAsync($"/admin/authors/{id}", $"/admin/authors/{id}", fields);

        Assert.Equal($"/admin/authors/{id}", saved.Headers.Location?.OriginalString);
        var page = await site.GetPageAsync("/authors/ed-itable");
        Assert.Contains("Ed Itable, DPT", page);
        Assert.Contains("Now a doctor of physical therapy", page);
        var entry = await site.Factory.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.ItemId == id && e.Action == "author.save"));
        Assert.Equal("Credentials: PT, OCS\nHeadline: Runs the running clinic", entry.PreviousValue);
        Assert.Equal("Credentials: DPT\nHeadline: Now a doctor of physical therapy", entry.NewValue);
    }

    [Fact]
    public async Task A_bio_is_linked_to_an_account_chosen_by_display_name_and_user_name()
    {
        using var guest = await StaffSession.NewUserAsync(site.Factory, "lena-linked", "GuestAuthor", "Lena Linked");
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var id = IdFrom(await admin.PostAsync("/admin/authors/new", "/admin/authors/new", NewAuthor("Lena Linked")));
        var edit = await admin.PageAsync($"/admin/authors/{id}");
        Assert.Equal("Lena Linked (lena-linked)", edit.QuerySelector($"#Input_UserId option[value='{guest.UserId}']")!.TextContent);
        var fields = StaffSession.FormValues(edit, BioForm);
        fields["Input.UserId"] = guest.UserId;

        await admin.PostAsync($"/admin/authors/{id}", $"/admin/authors/{id}", fields);

        Assert.Equal(guest.UserId, await site.Factory.QueryAsync(db => db.Authors.Where(a => a.ContentItemId == id).Select(a => a.UserId).SingleAsync()));
        var row = (await admin.PageAsync("/admin/authors")).QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Lena Linked");
        Assert.Equal("Lena Linked (lena-linked)", row.QuerySelectorAll("td")[2].TextContent.Trim());
        var link = await site.Factory.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.ItemId == id && e.Action == "author.link"));
        Assert.Equal("(no account)", link.PreviousValue);
        Assert.Equal("Lena Linked (lena-linked)", link.NewValue);

        // One bio per account: a second bio cannot take the same account.
        var other = IdFrom(await admin.PostAsync("/admin/authors/new", "/admin/authors/new", NewAuthor("Second Lena")));
        var second = StaffSession.FormValues(await admin.PageAsync($"/admin/authors/{other}"), BioForm);
        second["Input.UserId"] = guest.UserId;
        var refused = await admin.PostAsync($"/admin/authors/{other}", $"/admin/authors/{other}", second);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("That account is already linked to the bio of “Lena Linked”. Unlink it there first.",
            Html.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("#UserId-error")!.TextContent);
    }

    [Fact]
    public async Task Web_addresses_must_be_http_or_https_and_the_form_keeps_what_was_typed()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var fields = NewAuthor("Bad Links");
        fields["Input.WebsiteUrl"] = "javascript:alert(1)";
        fields["Input.PhotoUrl"] = "ftp://photos.example/me.jpg";
        fields["Input.NotificationEmail"] = "not-an-email";

        var response = await admin.PostAsync("/admin/authors/new", "/admin/authors/new", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("The website must be a full web address", page.QuerySelector("#WebsiteUrl-error")!.TextContent);
        Assert.StartsWith("The photo address must be a full web address", page.QuerySelector("#PhotoUrl-error")!.TextContent);
        Assert.StartsWith("That does not look like an email address", page.QuerySelector("#NotificationEmail-error")!.TextContent);
        Assert.Equal("Bad Links", page.QuerySelector("#Input_DisplayName")!.GetAttribute("value"));
        Assert.Equal("Bad Links treats **runners**.", page.QuerySelector("#Input_BioMarkdown")!.TextContent);
        Assert.False(await site.Factory.QueryAsync(db => db.Authors.AnyAsync(a => a.DisplayName == "Bad Links")));
    }

    [Fact]
    public async Task The_notification_email_is_stored_encrypted_shown_to_author_managers_and_never_on_a_public_page()
    {
        const string email = "private.author@secret-mail.example";
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var fields = NewAuthor("Priya Private");
        fields["Input.NotificationEmail"] = email;
        var id = IdFrom(await admin.PostAsync("/admin/authors/new", "/admin/authors/new", fields));
        // Give her a published article, so her bio appears beside it too.
        var article = await admin.PostAsync("/admin/articles/new", "/admin/articles/new?handler=Publish", new()
        {
            ["Input.Title"] = "Priya on privacy",
            ["Input.AuthorBioId"] = id,
            ["Input.Markdown"] = "Words.",
            ["Input.CommentsOpen"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, article.StatusCode);

        var stored = await site.Factory.QueryAsync(db => db.Authors.Where(a => a.ContentItemId == id).Select(a => a.ProtectedNotificationEmail).SingleAsync());
        Assert.NotNull(stored);
        Assert.DoesNotContain("secret-mail", stored);
        Assert.Equal(email, (await admin.PageAsync($"/admin/authors/{id}")).QuerySelector("#Input_NotificationEmail")!.GetAttribute("value"));
        foreach (var path in new[] { "/", "/authors/priya-private", "/articles/priya-on-privacy", "/feed.xml", "/sitemap.xml" })
        {
            var response = await site.Client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("secret-mail", body, StringComparison.OrdinalIgnoreCase);
        }

        var audit = await site.Factory.QueryAsync(db => db.AuditEntries.Where(e => e.ItemId == id).ToListAsync());
        Assert.DoesNotContain(audit, e => (e.Summary + e.PreviousValue + e.NewValue).Contains("secret-mail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_author_with_articles_cannot_be_deleted_and_one_without_can()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);

        var refused = await admin.PostAsync($"/admin/authors/{RecipeText.JoeFleming}/delete", $"/admin/authors/{RecipeText.JoeFleming}/delete", []);
        Assert.Equal($"/admin/authors/{RecipeText.JoeFleming}", refused.Headers.Location?.OriginalString);
        var edit = await admin.PageAsync($"/admin/authors/{RecipeText.JoeFleming}");
        Assert.Equal("“Joe Fleming” cannot be deleted: 1 article names them as author. Give it another author or delete it first.",
            edit.QuerySelector(".flash")!.TextContent);
        Assert.True(await site.Factory.QueryAsync(db => db.Authors.AnyAsync(a => a.ContentItemId == RecipeText.JoeFleming)));

        var id = IdFrom(await admin.PostAsync("/admin/authors/new", "/admin/authors/new", NewAuthor("Gone Soon")));
        Assert.Contains("Delete the author Gone Soon?", (await admin.PageAsync($"/admin/authors/{id}/delete")).QuerySelector("h1")!.TextContent);
        var deleted = await admin.PostAsync($"/admin/authors/{id}/delete", $"/admin/authors/{id}/delete", []);
        Assert.Equal("/admin/authors", deleted.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync("/authors/gone-soon")).StatusCode);
        Assert.True(await site.Factory.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.ItemId == id && e.Action == "author.delete")));
    }

    [Fact]
    public async Task Only_those_who_manage_authors_reach_the_authors_pages()
    {
        using var guest = await StaffSession.NewUserAsync(site.Factory, "gus-guest", "GuestAuthor");
        using var editor = await StaffSession.NewUserAsync(site.Factory, "eve-editor", "Editor");

        foreach (var path in new[] { "/admin/authors", "/admin/authors/new", $"/admin/authors/{RecipeText.ReginaDurbin}", $"/admin/authors/{RecipeText.ReginaDurbin}/delete" })
        {
            var response = await guest.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/admin/denied", response.Headers.Location!.AbsolutePath);
        }

        var save = await guest.PostAsync("/admin", $"/admin/authors/{RecipeText.ReginaDurbin}", NewAuthor("Hijacked"));
        Assert.StartsWith("/admin/denied", save.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await editor.Client.GetAsync("/admin/authors")).StatusCode);
    }
}
