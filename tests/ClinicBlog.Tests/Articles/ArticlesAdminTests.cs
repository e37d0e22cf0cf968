using System.Net;
using ClinicBlog.Articles;
using ClinicBlog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Tests.Articles;

/// <summary>The article pages of the dashboard, through HTTP as a browser without JavaScript uses them. Each test makes its own articles.</summary>
public sealed class ArticlesAdminTests(ArticlesAdminTests.Site site) : IClassFixture<ArticlesAdminTests.Site>
{
    public sealed class Site : SetUpSite;

    private const string EditorForm = "form.article-form";

    private static Dictionary<string, string> NewArticle(string title, string markdown, string slug = "") => new()
    {
        ["Input.Title"] = title,
        ["Input.Slug"] = slug,
        ["Input.Summary"] = title + " in two sentences.",
        ["Input.Tags"] = "Foot Pain, Running",
        ["Input.AuthorBioId"] = RecipeText.ReginaDurbin,
        ["Input.ImageUrl"] = "",
        ["Input.ImageAlt"] = "",
        ["Input.CommentsOpen"] = "true",
        ["Input.Markdown"] = markdown,
    };

    private static string IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/admin/articles/[0-9a-z]{26}$", location);
        return location["/admin/articles/".Length..];
    }

    private static void AssertDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/denied", response.Headers.Location!.AbsolutePath);
    }

    private async Task<HttpStatusCode> PublicStatusAsync(string path) => (await site.Client.GetAsync(path)).StatusCode;

    [Fact]
    public async Task An_article_goes_from_draft_to_published_to_edited_to_unpublished_and_readers_see_only_what_is_published()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);

        // Save draft: stored, not on the home page, not at its address.
        var id = IdFrom(await admin.PostAsync("/admin/articles/new", "/admin/articles/new",
            NewArticle("Morning heel pain explained", "The first steps of the day **hurt**.")));
        var edit = await admin.PageAsync($"/admin/articles/{id}");
        Assert.Equal("morning-heel-pain-explained", edit.QuerySelector("#Input_Slug")!.GetAttribute("value"));
        Assert.Equal("Draft", edit.QuerySelector(".status-pill")!.TextContent);
        Assert.DoesNotContain("Morning heel pain", await site.GetPageAsync("/"));
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync("/articles/morning-heel-pain-explained"));

        // Publish: on the home page with the byline, and at its address.
        var published = await admin.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Publish", StaffSession.FormValues(edit, EditorForm));
        Assert.Equal($"/admin/articles/{id}", published.Headers.Location?.OriginalString);
        var home = Html.Parse(await site.GetPageAsync("/"));
        var card = home.QuerySelectorAll(".article-list .card").Single(c => c.QuerySelector("h2")!.TextContent.Trim() == "Morning heel pain explained");
        Assert.Contains("By Regina Durbin, PT", card.QuerySelector(".meta")!.TextContent);
        Assert.Contains("<strong>hurt</strong>", await site.GetPageAsync("/articles/morning-heel-pain-explained"));

        // Edit: saved, yet readers keep the published words until it is published again.
        edit = await admin.PageAsync($"/admin/articles/{id}");
        var fields = StaffSession.FormValues(edit, EditorForm);
        fields["Input.Markdown"] = "Unreviewed: walk barefoot on gravel.";
        var saved = await admin.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var article = await site.GetPageAsync("/articles/morning-heel-pain-explained");
        Assert.Contains("<strong>hurt</strong>", article);
        Assert.DoesNotContain("gravel", article);
        var row = (await admin.PageAsync("/admin/articles?q=morning+heel")).QuerySelector("tbody tr")!;
        Assert.Equal("Published, draft pending", row.QuerySelector(".status-pill")!.TextContent);

        await admin.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Publish", fields);
        Assert.Contains("gravel", await site.GetPageAsync("/articles/morning-heel-pain-explained"));

        // Unpublish: gone for readers, kept in the dashboard as a draft.
        var unpublished = await admin.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Unpublish", []);
        Assert.Equal(HttpStatusCode.Redirect, unpublished.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync("/articles/morning-heel-pain-explained"));
        Assert.DoesNotContain("Morning heel pain", await site.GetPageAsync("/"));
        Assert.Equal("Draft", (await admin.PageAsync($"/admin/articles/{id}")).QuerySelector(".status-pill")!.TextContent);

        var actions = await site.Factory.QueryAsync(db => db.AuditEntries.Where(e => e.ItemId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["article.create", "article.publish", "article.save", "article.publish", "article.unpublish"], actions);
        // The first publish had no published title or address before it: "before" is the status alone, never "(none)".
        var first = await site.Factory.QueryAsync(db => db.AuditEntries.Where(e => e.ItemId == id && e.Action == "article.publish").OrderBy(e => e.Id).FirstAsync());
        Assert.DoesNotContain("(none)", first.PreviousValue ?? "");
        Assert.Equal("Status: Draft", first.PreviousValue);
        Assert.Contains("Slug: morning-heel-pain-explained", first.NewValue);
    }

    [Fact]
    public async Task The_preview_endpoint_returns_the_public_pages_sanitized_html()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);

        var response = await admin.PostAsync("/admin/articles/new", "/admin/articles/preview", new()
        {
            ["markdown"] = "# Big heading\n\n<script>alert('x')</script>\n\n[click](javascript:alert(1)) and [ok](https://example.com)\n\n<img src=x onerror=alert(1)>",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("<h2", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        // Raw HTML is shown as text, never as elements: no element carries an event handler.
        var elements = Html.Parse(html).Body!.QuerySelectorAll("*");
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "img" || e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("<a href=\"https://example.com\" rel=\"noopener\">ok</a>", html);
    }

    [Fact]
    public async Task Without_javascript_the_preview_button_shows_the_preview_and_keeps_the_text_and_saves_nothing()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var before = await site.Factory.QueryAsync(db => db.Articles.CountAsync());

        var response = await admin.PostAsync("/admin/articles/new", "/admin/articles/new?handler=Preview",
            NewArticle("Previewed only", "Some *emphasis* here."));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("<p>Some <em>emphasis</em> here.</p>", page.QuerySelector("#article-preview")!.InnerHtml.Trim());
        Assert.Equal("Previewed only", page.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal("Some *emphasis* here.", page.QuerySelector("#Input_Markdown")!.TextContent);
        Assert.Equal(before, await site.Factory.QueryAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task A_validation_failure_keeps_everything_typed_and_says_what_is_wrong_next_to_the_field()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var fields = NewArticle("Typed with care", "A long body I do not want to lose.", slug: "Not a slug");
        fields["Input.ImageUrl"] = "https://images.example/heel.jpg";
        fields["Input.CommentsOpen"] = "false";

        var response = await admin.PostAsync("/admin/articles/new", "/admin/articles/new", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Typed with care", page.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal("Not a slug", page.QuerySelector("#Input_Slug")!.GetAttribute("value"));
        Assert.Equal("A long body I do not want to lose.", page.QuerySelector("#Input_Markdown")!.TextContent);
        Assert.Equal("Foot Pain, Running", page.QuerySelector("#Input_Tags")!.GetAttribute("value"));
        Assert.Equal("https://images.example/heel.jpg", page.QuerySelector("#Input_ImageUrl")!.GetAttribute("value"));
        Assert.False(page.QuerySelector("#Input_CommentsOpen")!.HasAttribute("checked"));
        Assert.Equal(RecipeText.ReginaDurbin, page.QuerySelector("#Input_AuthorBioId option[selected]")!.GetAttribute("value"));
        Assert.StartsWith("The address may use only lowercase letters", page.QuerySelector("#Slug-error")!.TextContent);
        Assert.Equal("Please describe the image for readers who cannot see it.", page.QuerySelector("#ImageAlt-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#Input_Slug")!.GetAttribute("aria-invalid"));
        Assert.Equal(2, page.QuerySelectorAll(".form-errors li").Length);
        Assert.Equal(0, await site.Factory.QueryAsync(db => db.Articles.CountAsync(a => a.Latest.Title == "Typed with care")));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_finds_by_title_or_author()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        IdFrom(await admin.PostAsync("/admin/articles/new", "/admin/articles/new", NewArticle("Zebra stripes for the list", "Draft.")));

        string[] Titles(AngleSharp.Dom.IDocument page) => page.QuerySelectorAll("tbody th a[href^='/admin/articles/']").Select(a => a.TextContent).ToArray();
        var drafts = Titles(await admin.PageAsync("/admin/articles?status=draft"));
        var published = Titles(await admin.PageAsync("/admin/articles?status=published"));
        var search = Titles(await admin.PageAsync("/admin/articles?q=ZEBRA"));
        var byAuthor = Titles(await admin.PageAsync("/admin/articles?q=joe+fleming"));

        Assert.Contains("Zebra stripes for the list", drafts);
        Assert.DoesNotContain("IASTM And Foot Pain", drafts);
        Assert.Contains("IASTM And Foot Pain", published);
        Assert.DoesNotContain("Zebra stripes for the list", published);
        Assert.Equal(["Zebra stripes for the list"], search);
        Assert.Equal(["IASTM And Foot Pain"], byAuthor);
        var current = (await admin.PageAsync("/admin/articles?status=draft")).QuerySelector(".tabs a[aria-current=page]")!;
        Assert.StartsWith("Drafts", current.TextContent);
    }

    [Fact]
    public async Task The_list_shows_fifty_a_page_newest_change_first_and_pages_keep_the_search()
    {
        await site.Factory.QueryAsync(async db =>
        {
            for (var i = 1; i <= 55; i++)
            {
                db.Articles.Add(new GuestArticle
                {
                    ContentItemId = IdGenerator.New(),
                    AuthorBioId = RecipeText.ClinicTeam,
                    CreatedUtc = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                    ModifiedUtc = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i),
                    Latest = new ArticleVersion { Title = $"Paging row {i:D2}", Slug = $"paging-row-{i:D2}" },
                });
            }

            return await db.SaveChangesAsync();
        });
        using var admin = await StaffSession.AdminAsync(site.Factory);

        var first = await admin.PageAsync("/admin/articles?q=paging+row");
        var next = first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!;
        var second = await admin.PageAsync(next);

        var firstTitles = first.QuerySelectorAll("tbody th > a").Select(a => a.TextContent).ToList();
        Assert.Equal(50, firstTitles.Count);
        Assert.Equal("Paging row 55", firstTitles[0]);
        Assert.Equal("/admin/articles?q=paging%20row&page=2", next);
        Assert.Equal(["Paging row 05", "Paging row 04", "Paging row 03", "Paging row 02", "Paging row 01"],
            second.QuerySelectorAll("tbody th > a").Select(a => a.TextContent));
        Assert.Null(second.QuerySelector(".pager a[rel=next]"));
    }

    [Fact]
    public async Task An_editor_can_publish()
    {
        using var editor = await StaffSession.NewUserAsync(site.Factory, "edna-editor", "Editor", "Edna Editor");

        var id = IdFrom(await editor.PostAsync("/admin/articles/new", "/admin/articles/new?handler=Publish",
            NewArticle("Published by an editor", "Editor's words.")));

        Assert.Contains("Editor's words.", await site.GetPageAsync("/articles/published-by-an-editor"));
        Assert.Equal(ArticleStatus.Published, await site.Factory.QueryAsync(db => db.Articles.Where(a => a.ContentItemId == id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_guest_author_works_only_on_their_own_articles_and_cannot_publish_them()
    {
        using var guest = await StaffSession.NewUserAsync(site.Factory, "gina-guest", "GuestAuthor", "Gina Guest");
        using var admin = await StaffSession.AdminAsync(site.Factory);
        // An editor gives the guest a bio of her own.
        var created = await admin.PostAsync("/admin/authors/new", "/admin/authors/new", new()
        {
            ["Input.DisplayName"] = "Gina Guest",
            ["Input.Credentials"] = "DPT",
            ["Input.UserId"] = guest.UserId,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var bioId = created.Headers.Location!.OriginalString["/admin/authors/".Length..];

        // Her own draft: she writes, saves and submits it; her bio is the only author she may choose.
        var form = await guest.PageAsync("/admin/articles/new");
        Assert.Equal([bioId], form.QuerySelectorAll("#Input_AuthorBioId option:not([value=''])").Select(o => o.GetAttribute("value")));
        Assert.Null(form.QuerySelector("button[formaction*=Publish]"));
        var fields = NewArticle("Guest thoughts on orthotics", "Orthotics help some people.");
        fields["Input.AuthorBioId"] = bioId;
        var id = IdFrom(await guest.PostAsync("/admin/articles/new", "/admin/articles/new", fields));
        var edit = await guest.PageAsync($"/admin/articles/{id}");
        Assert.Null(edit.QuerySelector("button[formaction*=Publish]"));
        Assert.NotNull(edit.QuerySelector("button[formaction*=Submit]"));

        // Publishing it anyway, by a POST the page does not offer, is refused on the server.
        AssertDenied(await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Publish", StaffSession.FormValues(edit, EditorForm)));
        AssertDenied(await guest.PostAsync("/admin/articles/new", "/admin/articles/new?handler=Publish", fields));
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync("/articles/guest-thoughts-on-orthotics"));
        Assert.False(await site.Factory.QueryAsync(db => db.Articles.AnyAsync(a => a.Published != null && a.Latest.Title == "Guest thoughts on orthotics")));

        var submitted = await guest.PostAsync($"/admin/articles/{id}", $"/admin/articles/{id}?handler=Submit", StaffSession.FormValues(edit, EditorForm));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal("Pending review", (await guest.PageAsync($"/admin/articles/{id}")).QuerySelector(".status-pill")!.TextContent);

        // Another author's article: not in her list, not openable, not changeable.
        var list = await guest.PageAsync("/admin/articles");
        Assert.Equal(["Guest thoughts on orthotics"], list.QuerySelectorAll("tbody th a[href^='/admin/articles/']").Select(a => a.TextContent));
        AssertDenied(await guest.Client.GetAsync($"/admin/articles/{RecipeText.IastmFootPain}"));
        var denied = await guest.Client.GetAsync("/admin/denied");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var hijack = NewArticle("Hijacked", "Hijacked.");
        AssertDenied(await guest.PostAsync("/admin/articles", $"/admin/articles/{RecipeText.IastmFootPain}", hijack));
        AssertDenied(await guest.PostAsync("/admin/articles", $"/admin/articles/{RecipeText.IastmFootPain}?handler=Unpublish", []));
        AssertDenied(await guest.PostAsync("/admin/articles", $"/admin/articles/{RecipeText.IastmFootPain}/delete", []));
        Assert.Equal(HttpStatusCode.OK, await PublicStatusAsync("/articles/iastm-and-foot-pain"));
        Assert.Equal("IASTM And Foot Pain", await site.Factory.QueryAsync(db => db.Articles.Where(a => a.ContentItemId == RecipeText.IastmFootPain).Select(a => a.Latest.Title).SingleAsync()));
    }

    [Fact]
    public async Task A_moderator_cannot_reach_articles()
    {
        using var moderator = await StaffSession.NewUserAsync(site.Factory, "mo-moderator", "Moderator");

        AssertDenied(await moderator.Client.GetAsync("/admin/articles"));
        AssertDenied(await moderator.Client.GetAsync("/admin/articles/new"));
        AssertDenied(await moderator.Client.GetAsync($"/admin/articles/{RecipeText.IastmFootPain}"));
        AssertDenied(await moderator.PostAsync("/admin", "/admin/articles/preview", new() { ["markdown"] = "x" }));
    }

    [Fact]
    public async Task Delete_asks_first_then_removes_the_article()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var id = IdFrom(await admin.PostAsync("/admin/articles/new", "/admin/articles/new?handler=Publish", NewArticle("Short-lived article", "Soon gone.")));

        var confirm = await admin.PageAsync($"/admin/articles/{id}/delete");
        Assert.Contains("Delete “Short-lived article”?", confirm.QuerySelector("h1")!.TextContent);
        Assert.Contains("/articles/short-lived-article", confirm.QuerySelector(".confirm")!.TextContent);
        var deleted = await admin.PostAsync($"/admin/articles/{id}/delete", $"/admin/articles/{id}/delete", []);

        Assert.Equal("/admin/articles", deleted.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync("/articles/short-lived-article"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/admin/articles/{id}")).StatusCode);
        Assert.True(await site.Factory.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.ItemId == id && e.Action == "article.delete")));
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_rejected_on_every_article_and_author_form()
    {
        using var admin = await StaffSession.AdminAsync(site.Factory);
        var id = IdFrom(await admin.PostAsync("/admin/articles/new", "/admin/articles/new", NewArticle("Token test", "Body.")));
        var fields = NewArticle("Forged", "Forged.");
        string[] actions =
        [
            "/admin/articles/new", "/admin/articles/new?handler=Publish", "/admin/articles/new?handler=Preview",
            $"/admin/articles/{id}", $"/admin/articles/{id}?handler=Publish", $"/admin/articles/{id}?handler=Submit",
            $"/admin/articles/{id}?handler=Unpublish", $"/admin/articles/{id}?handler=Preview", $"/admin/articles/{id}/delete",
            "/admin/articles/preview",
            "/admin/authors/new", "/admin/authors/new?handler=Preview", $"/admin/authors/{RecipeText.ReginaDurbin}",
            $"/admin/authors/{RecipeText.ReginaDurbin}?handler=Preview", $"/admin/authors/{RecipeText.ReginaDurbin}/delete",
            "/admin/authors/preview",
        ];

        foreach (var action in actions)
        {
            var response = await admin.PostWithoutTokenAsync(action, fields);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {action} without a token: {(int)response.StatusCode}");
        }

        Assert.Equal("Token test", await site.Factory.QueryAsync(db => db.Articles.Where(a => a.ContentItemId == id).Select(a => a.Latest.Title).SingleAsync()));
    }
}
