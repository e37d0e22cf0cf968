using System.Text.Json.Nodes;
using ClinicBlog.Content;
using ClinicBlog.Data;
using ClinicBlog.Site;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Recipes.Steps;

/// <summary><c>Settings</c>: the site's name, tagline and time zone, and the comment policy.</summary>
internal sealed class SettingsStep(ClinicBlogDbContext db) : IRecipeStep
{
    public string Name => "Settings";

    private static readonly string[] SiteKeys = ["name", "SiteName", "Tagline", "TimeZone", "CommentPolicy"];

    private static readonly Dictionary<string, Action<CommentPolicySettings, JsonNode>> PolicyFields =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(CommentPolicySettings.AutoApproveKnownCommenters)] = (p, v) => p.AutoApproveKnownCommenters = RecipeJson.Bool(v)!.Value,
            [nameof(CommentPolicySettings.HoldLinkCount)] = (p, v) => p.HoldLinkCount = RecipeJson.Int(v)!.Value,
            [nameof(CommentPolicySettings.ModerationWords)] = (p, v) => p.ModerationWords = Words(v),
            [nameof(CommentPolicySettings.DisallowedWords)] = (p, v) => p.DisallowedWords = Words(v),
            [nameof(CommentPolicySettings.CloseAfterDays)] = (p, v) => p.CloseAfterDays = RecipeJson.Int(v)!.Value,
            [nameof(CommentPolicySettings.MaxLength)] = (p, v) => p.MaxLength = RecipeJson.Int(v)!.Value,
            [nameof(CommentPolicySettings.MinFillSeconds)] = (p, v) => p.MinFillSeconds = RecipeJson.Int(v)!.Value,
            [nameof(CommentPolicySettings.FloodIntervalSeconds)] = (p, v) => p.FloodIntervalSeconds = RecipeJson.Int(v)!.Value,
            [nameof(CommentPolicySettings.MaxDepth)] = (p, v) => p.MaxDepth = RecipeJson.Int(v)!.Value,
            [nameof(CommentPolicySettings.GuestLinkRel)] = (p, v) => p.GuestLinkRel = RecipeJson.String(v)!,
        };

    public Task ValidateAsync(RecipeStepJson step, RecipeStepInfo info, RecipeValidationContext context, RecipeErrors errors, CancellationToken ct)
    {
        foreach (var (key, value) in step.Json)
        {
            if (!SiteKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(info, $"setting '{key}' is unknown: expected SiteName, Tagline, TimeZone or CommentPolicy.");
                continue;
            }

            if (key.Equals("name", StringComparison.OrdinalIgnoreCase)) continue;
            if (key.Equals("CommentPolicy", StringComparison.OrdinalIgnoreCase))
            {
                ValidatePolicy(value, info, errors);
                continue;
            }

            var text = RecipeJson.String(value);
            if (text is null)
                errors.Add(info, $"{key}: expected text, found {RecipeJson.Describe(value)}.");
            else if (key.Equals("SiteName", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(text))
                errors.Add(info, "SiteName: expected the site's name, found empty text.");
            else if (key.Equals("SiteName", StringComparison.OrdinalIgnoreCase) && text.Trim().Length > CommentPolicyRules.SiteNameMaxLength)
                errors.Add(info, $"SiteName: expected at most {CommentPolicyRules.SiteNameMaxLength} characters, found {text.Trim().Length}.");
            else if (key.Equals("Tagline", StringComparison.OrdinalIgnoreCase) && text.Trim().Length > CommentPolicyRules.TaglineMaxLength)
                errors.Add(info, $"Tagline: expected at most {CommentPolicyRules.TaglineMaxLength} characters, found {text.Trim().Length}.");
            else if (key.Equals("TimeZone", StringComparison.OrdinalIgnoreCase) && !CommentPolicyRules.IsTimeZone(text))
                errors.Add(info, $"TimeZone: '{text}' is not a time zone: expected an IANA id such as 'America/Denver'.");
        }

        return Task.CompletedTask;
    }

    private static void ValidatePolicy(JsonNode? value, RecipeStepInfo info, RecipeErrors errors)
    {
        if (value is not JsonObject policy)
        {
            errors.Add(info, $"CommentPolicy: expected an object, found {RecipeJson.Describe(value)}.");
            return;
        }

        foreach (var (key, v) in policy)
        {
            if (!PolicyFields.ContainsKey(key))
            {
                errors.Add(info, $"CommentPolicy.{key} is unknown: expected some of {string.Join(", ", PolicyFields.Keys)}.");
                continue;
            }

            // The switch compares the catalog's spelling: a recipe may write the key in any case.
            var name = PolicyFields.Keys.First(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
            var expected = name switch
            {
                nameof(CommentPolicySettings.AutoApproveKnownCommenters)
                    => RecipeJson.Bool(v) is null ? "true or false" : null,
                nameof(CommentPolicySettings.ModerationWords) or nameof(CommentPolicySettings.DisallowedWords)
                    => v is JsonArray a && a.All(x => RecipeJson.String(x) is not null) ? null : "a list of words",
                nameof(CommentPolicySettings.GuestLinkRel)
                    => CommentPolicyRules.IsGuestLinkRel(RecipeJson.String(v)) ? null : $"one of {string.Join(", ", CommentPolicyRules.GuestLinkRels)}",
                _ => RecipeJson.Int(v) is { } n && CommentPolicyRules.Numbers[name].Contains(n) ? null : CommentPolicyRules.Numbers[name].Describe(),
            };
            if (expected is not null)
                errors.Add(info, $"CommentPolicy.{key}: expected {expected}, found {v?.ToJsonString() ?? "nothing"}.");
        }
    }

    public async Task ApplyAsync(RecipeStepJson step, CancellationToken ct)
    {
        var settings = await db.SiteSettings.FindAsync([SiteSettings.SingletonId], ct);
        if (settings is null)
        {
            settings = new SiteSettings();
            db.SiteSettings.Add(settings);
        }

        if (RecipeJson.String(step.Json["SiteName"]) is { } siteName) settings.SiteName = siteName.Trim();
        if (RecipeJson.String(step.Json["Tagline"]) is { } tagline) settings.Tagline = tagline.Trim();
        if (RecipeJson.String(step.Json["TimeZone"]) is { } zone) settings.TimeZoneId = zone;
        if (step.Json["CommentPolicy"] is JsonObject policy)
        {
            foreach (var (key, value) in policy)
                PolicyFields[key](settings.CommentPolicy, value!);
        }
    }

    private static List<string> Words(JsonNode v) => CommentPolicyRules.CleanWords(((JsonArray)v).Select(RecipeJson.String));
}
