using System.Net;
using ClinicBlog.Comments;
using ClinicBlog.Data;
using ClinicBlog.Privacy;
using ClinicBlog.Recipes;
using ClinicBlog.Tests.Comments.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicBlog.Tests.Comments;

/// <summary>What the form says is wrong, in a reader's words, and how addresses and websites are read.</summary>
public sealed class CommentValidationTests(CommentsSiteFactory site) : IClassFixture<CommentsSiteFactory>
{
    private const string Lead = "Please enter a valid email address";

    private static Dictionary<string, string> Validate(CommentForm form, CommentFieldRules? rules = null, int maxLength = 5000) =>
        CommentValidation.Validate(form, rules ?? CommentFieldRules.Default, maxLength, signedIn: false);

    private static CommentForm Form(string? email = "jane@example.com", string? name = "Jane", string? website = null, string? body = "Helpful, thanks.") =>
        new() { Name = name, Email = email, Website = website, Body = body };

    [Theory]
    [InlineData("name@", Lead + ": the part after the @ is missing, like name@example.com.")]
    [InlineData("jane doe@example.com", Lead + ": it cannot contain spaces.")]
    [InlineData("name@example", Lead + ": the domain after the @ looks incomplete, like example.com.")]
    [InlineData("name@example.", Lead + ": the domain after the @ looks incomplete, like example.com.")]
    [InlineData("name@.example.com", Lead + ": the domain after the @ looks incomplete, like example.com.")]
    [InlineData("name@example..com", Lead + ": the domain after the @ looks incomplete, like example.com.")]
    [InlineData("name.example.com", Lead + ": it needs an @, like name@example.com.")]
    [InlineData("@example.com", Lead + ": the part before the @ is missing, like name@example.com.")]
    [InlineData("jane@doe@example.com", Lead + ": it can have only one @.")]
    public void Says_what_is_wrong_with_an_email_address(string email, string message)
    {
        Assert.Equal(message, CommentValidation.EmailProblem(email));
        Assert.Equal(message, Validate(Form(email))["Email"]);
    }

    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("Jane.O'Neil+blog@mail.example.co.uk")]
    public void Accepts_ordinary_addresses(string email)
    {
        Assert.Null(CommentValidation.EmailProblem(email));
    }

    [Fact]
    public void Trims_the_email_before_checking_it()
    {
        Assert.Empty(Validate(Form("  jane@example.com \t")));
    }

    [Fact]
    public void An_email_may_have_254_characters_and_not_255()
    {
        var domain = "@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 3)) + ".example"; // 1 + 182 + 8 = 191
        var at254 = new string('a', 254 - domain.Length) + domain;
        var at255 = "a" + at254;
        Assert.Equal(254, at254.Length);

        Assert.Null(CommentValidation.EmailProblem(at254));
        Assert.Equal(Lead + ": it can be at most 254 characters.", CommentValidation.EmailProblem(at255));
        Assert.Equal(Lead + ": it can be at most 254 characters.", Validate(Form(at255))["Email"]);
    }

    [Theory]
    [InlineData("example.com", "https://example.com/")]
    [InlineData("  www.example.com/clinic  ", "https://www.example.com/clinic")]
    [InlineData("http://example.com/a?b=c", "http://example.com/a?b=c")]
    [InlineData("HTTPS://Example.COM", "https://example.com/")]
    public void Normalizes_a_website(string typed, string stored)
    {
        Assert.Equal(stored, CommentValidation.NormalizeWebsite(typed));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("javascript://example.com/%0Aalert(1)")]
    [InlineData("ftp://example.com")]
    [InlineData("data:text/html,hi")]
    [InlineData("localhost")]
    [InlineData("not a website")]
    public void Refuses_what_is_not_a_web_address(string typed)
    {
        Assert.Null(CommentValidation.NormalizeWebsite(typed));
        Assert.Equal("Please enter a web address like https://example.com, or leave it empty.", Validate(Form(website: typed))["Website"]);
    }

    [Fact]
    public void Refuses_a_website_longer_than_300_characters()
    {
        Assert.Null(CommentValidation.NormalizeWebsite("https://example.com/" + new string('a', 281)));
    }

    [Fact]
    public void Says_how_long_the_comment_is_and_what_the_limit_is()
    {
        var errors = Validate(Form(body: new string('x', 5001)));
        Assert.Equal("Your comment is 5,001 characters long; please keep it to 5,000.", errors["Body"]);

        Assert.Empty(Validate(Form(body: new string('x', 5000))));
        Assert.Equal("Your comment is 121 characters long; please keep it to 120.", Validate(Form(body: new string('x', 121)), maxLength: 120)["Body"]);
    }

    [Fact]
    public void The_length_limit_counts_the_trimmed_text()
    {
        Assert.Empty(Validate(Form(body: "  " + new string('x', 5000) + "\n\n")));
    }

    [Fact]
    public void Asks_for_what_is_missing()
    {
        var errors = Validate(new CommentForm { Name = " ", Email = "", Body = "  " });

        Assert.Equal("Please enter your name.", errors["Name"]);
        Assert.Equal("Please enter your email address. It will not be published.", errors["Email"]);
        Assert.Equal("Please write your comment.", errors["Body"]);
        Assert.False(errors.ContainsKey("Website"));
    }

    [Fact]
    public void Required_fields_follow_the_rules_given()
    {
        var optional = CommentFieldRules.Default with { NameRequired = false, EmailRequired = false };
        Assert.Empty(Validate(new CommentForm { Body = "Anonymous thanks." }, optional));

        var websiteRequired = CommentFieldRules.Default with { WebsiteRequired = true };
        Assert.Equal("Please enter your website's address.", Validate(Form(), websiteRequired)["Website"]);

        // An optional email that is given must still be valid.
        Assert.Equal(Lead + ": it can have only one @.", Validate(Form("a@b@c.example"), optional)["Email"]);
    }

    [Fact]
    public void A_name_may_have_100_characters()
    {
        Assert.Empty(Validate(Form(name: new string('n', 100))));
        Assert.Equal("Please keep your name to 100 characters.", Validate(Form(name: new string('n', 101)))["Name"]);
    }

    [Fact]
    public async Task One_commenter_whatever_the_case_and_spaces_of_their_address()
    {
        var emails = site.Services.GetRequiredService<EmailProtector>();

        var typed = await emails.HashAsync("Jane@Example.com ");
        var plain = await emails.HashAsync("jane@example.com");
        var other = await emails.HashAsync("jane@example.org");

        Assert.Equal(plain, typed);
        Assert.NotEqual(plain, other);
        Assert.Equal("jane@example.com", emails.Unprotect(emails.Protect(" Jane@Example.COM")));
        // A keyed hash: not the plain SHA-256 of the address, which anyone could compute from a guess.
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("email:jane@example.com"u8)), plain);
    }

    [Fact]
    public async Task A_post_from_the_same_person_with_different_case_is_found_by_its_hash()
    {
        using var reader = site.NewReader();
        var id = await reader.PostAsync(new CommentsDraft { Email = "  Case.Test@Example.COM ", Body = "Case test one." });

        var stored = await site.CommentAsync(id);
        var emails = site.Services.GetRequiredService<EmailProtector>();
        Assert.Equal(await emails.HashAsync("case.test@example.com"), stored.EmailHash);
        Assert.Equal("case.test@example.com", emails.Unprotect(stored.ProtectedEmail));
    }

    [Fact]
    public async Task Email_is_optional_when_a_recipe_makes_it_so()
    {
        using var reader = site.NewReader();
        using (var refused = await reader.FillAndSendAsync(new CommentsDraft { Email = "", Body = "Without an email, first try." }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Please enter your email address. It will not be published.", await refused.Content.ReadAsStringAsync());
        }

        await ApplyRecipeAsync(CommentFieldsRecipe(emailRequired: false));
        try
        {
            var form = await reader.GetAsync($"/articles/{CommentsSiteFactory.HotSlug}/comments");
            Assert.Matches("<input id=\"comment-Email\"[^>]*>", form);
            Assert.DoesNotMatch("<input id=\"comment-Email\"[^>]*required", form);

            var id = await reader.PostAsync(new CommentsDraft { Email = "", Body = "Without an email, now accepted." });
            var stored = await site.CommentAsync(id);
            Assert.Equal(CommentStatus.Pending, stored.Status);
            Assert.Equal("", stored.EmailHash);
            Assert.Equal("", stored.ProtectedEmail);
        }
        finally
        {
            await ApplyRecipeAsync(CommentFieldsRecipe(emailRequired: true));
        }
    }

    private async Task ApplyRecipeAsync(string json)
    {
        var path = Path.Combine(site.DataDirectory, $"comment-fields-{Guid.NewGuid():N}.recipe.json");
        await File.WriteAllTextAsync(path, json);
        var result = await site.Services.GetRequiredService<RecipeCommands>().ApplyFileAsync(path);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var stored = await site.InScopeAsync(sp => sp.GetRequiredService<ClinicBlogDbContext>().ContentDefinitions.AsNoTracking()
            .SingleAsync(d => d.Name == "Comment" && d.Kind == "Part"));
        Assert.Contains("\"Email\"", stored.Json);
    }

    /// <summary>The clinic-blog recipe's Comment part, with Email required or not.</summary>
    private static string CommentFieldsRecipe(bool emailRequired) => """
        {
          "name": "comments-email-optional",
          "displayName": "Email optional",
          "steps": [
            {
              "name": "ContentDefinition",
              "ContentParts": [
                {
                  "Name": "Comment",
                  "ContentPartFieldDefinitionRecords": [
                    { "FieldName": "TextField", "Name": "Name",
                      "Settings": { "ContentPartFieldSettings": { "DisplayName": "Name", "Position": "0" }, "TextFieldSettings": { "Required": true } } },
                    { "FieldName": "TextField", "Name": "Email",
                      "Settings": { "ContentPartFieldSettings": { "DisplayName": "Email", "Position": "1" }, "TextFieldSettings": { "Required": EMAIL_REQUIRED } } },
                    { "FieldName": "LinkField", "Name": "Website",
                      "Settings": { "ContentPartFieldSettings": { "DisplayName": "Website", "Position": "2" }, "LinkFieldSettings": { "Required": false } } },
                    { "FieldName": "TextField", "Name": "Body",
                      "Settings": { "ContentPartFieldSettings": { "DisplayName": "Comment", "Position": "3" }, "TextFieldSettings": { "Required": true } } }
                  ]
                }
              ]
            }
          ]
        }
        """.Replace("EMAIL_REQUIRED", emailRequired ? "true" : "false", StringComparison.Ordinal);

    [Fact]
    public async Task A_nul_byte_in_any_field_is_taken_out_and_the_comment_is_kept()
    {
        using var reader = site.NewReader();
        using var posted = await reader.FillAndSendAsync(new CommentsDraft
        {
            Name = "Nu\0ll Reader", Email = "nul.reader@example.com\0", Website = "https://nul\0.example", Body = "My heel\0 hurts in the morning.",
        });
        var stored = await site.CommentAsync(CommentsReader.AcceptedId(posted));
        Assert.Equal("Null Reader", stored.AuthorName);
        Assert.Equal("My heel hurts in the morning.", stored.Body);
        Assert.Equal("https://nul.example/", stored.AuthorWebsite);

        // Refused for another reason (no email): the form comes back with the text as typed, less the NUL.
        using var refused = await reader.FillAndSendAsync(new CommentsDraft { Name = "Nul\0", Email = "", Body = "Still\0 here." });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = CommentsReader.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Still here.", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)page.QuerySelector("#comment-Body")!).Value);
        Assert.StartsWith("Please enter your email address.", page.GetElementById("comment-Email-error")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_form_over_the_size_limit_gets_413_with_a_page_that_says_the_limit()
    {
        using var reader = site.NewReader();
        var state = await reader.StateAsync();
        using var response = await reader.SendAsync(new CommentsDraft { Body = new string('a', 5 * 1024 * 1024) }.With(state));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = CommentsReader.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("That form is too large to send", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("at most 2 MB", page.QuerySelector(".status-page")?.TextContent);
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet]"));
    }
}
