using System.Globalization;
using ClinicBlog.Content;

namespace ClinicBlog.Comments;

/// <summary>What a reader typed into "Leave a Reply". Everything is kept as typed, so a failed post loses nothing.</summary>
internal sealed class CommentForm
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxWebsiteLength = 300;

    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? Body { get; set; }
    public long? ParentId { get; set; }
    public bool SaveDetails { get; set; }
    public bool NotifyReplies { get; set; }

    /// <summary>The signed time-trap stamp of when the form was first shown.</summary>
    public string? Stamp { get; set; }

    /// <summary>The honeypot: people never see it; a bot that fills it goes to Spam.</summary>
    public string? Url { get; set; }
}

/// <summary>Which comment fields are required, and their hints, from the <c>Comment</c> part of the content definition.</summary>
internal sealed record CommentFieldRules(bool NameRequired, bool EmailRequired, bool WebsiteRequired, string NameHint, string EmailHint, string WebsiteHint, string BodyHint)
{
    public static readonly CommentFieldRules Default = new(true, true, false, "", "", "", "");

    public static CommentFieldRules From(IReadOnlyDictionary<string, FieldSettings> fields)
    {
        FieldSettings? Get(string name) => fields.TryGetValue(name, out var f) ? f : null;
        return new CommentFieldRules(
            Get("Name")?.Required ?? Default.NameRequired,
            Get("Email")?.Required ?? Default.EmailRequired,
            Get("Website")?.Required ?? Default.WebsiteRequired,
            Get("Name")?.Hint ?? "",
            Get("Email")?.Hint ?? "",
            Get("Website")?.Hint ?? "",
            Get("Body")?.Hint ?? "");
    }
}

/// <summary>Checks a comment form and says what is wrong in the reader's words, field by field.</summary>
internal static class CommentValidation
{
    public static Dictionary<string, string> Validate(CommentForm form, CommentFieldRules rules, int maxLength, bool signedIn)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!signedIn)
        {
            var name = form.Name?.Trim() ?? "";
            if (name.Length == 0 && rules.NameRequired) errors[nameof(form.Name)] = "Please enter your name.";
            else if (name.Length > CommentForm.MaxNameLength) errors[nameof(form.Name)] = $"Please keep your name to {CommentForm.MaxNameLength} characters.";

            var email = form.Email?.Trim() ?? "";
            if (email.Length == 0)
            {
                if (rules.EmailRequired) errors[nameof(form.Email)] = "Please enter your email address. It will not be published.";
            }
            else if (EmailProblem(email) is { } problem)
            {
                errors[nameof(form.Email)] = problem;
            }

            var website = form.Website?.Trim() ?? "";
            if (website.Length == 0)
            {
                if (rules.WebsiteRequired) errors[nameof(form.Website)] = "Please enter your website's address.";
            }
            else if (NormalizeWebsite(website) is null)
            {
                errors[nameof(form.Website)] = "Please enter a web address like https://example.com, or leave it empty.";
            }
        }

        var body = form.Body?.Trim() ?? "";
        if (body.Length == 0) errors[nameof(form.Body)] = "Please write your comment.";
        else if (body.Length > maxLength)
            errors[nameof(form.Body)] = string.Create(CultureInfo.InvariantCulture,
                $"Your comment is {body.Length:N0} characters long; please keep it to {maxLength:N0}.");
        return errors;
    }

    /// <summary>Why an address is not usable, in plain words; null when it is fine.</summary>
    public static string? EmailProblem(string email)
    {
        const string Lead = "Please enter a valid email address";
        if (email.Length > CommentForm.MaxEmailLength) return $"{Lead}: it can be at most {CommentForm.MaxEmailLength} characters.";
        if (email.Any(char.IsWhiteSpace)) return $"{Lead}: it cannot contain spaces.";
        var at = email.IndexOf('@');
        if (at < 0) return $"{Lead}: it needs an @, like name@example.com.";
        if (at == 0) return $"{Lead}: the part before the @ is missing, like name@example.com.";
        if (email.IndexOf('@', at + 1) >= 0) return $"{Lead}: it can have only one @.";
        var domain = email[(at + 1)..];
        if (domain.Length == 0) return $"{Lead}: the part after the @ is missing, like name@example.com.";
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
            return $"{Lead}: the domain after the @ looks incomplete, like example.com.";
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            return $"{Lead}, like name@example.com.";
        return null;
    }

    /// <summary>"example.com" becomes "https://example.com"; anything but an http(s) address is refused (null).</summary>
    public static string? NormalizeWebsite(string website)
    {
        var value = website.Trim();
        if (value.Length > CommentForm.MaxWebsiteLength) return null;
        if (!value.Contains("://", StringComparison.Ordinal)) value = "https://" + value;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.')
            ? uri.ToString()
            : null;
    }
}
