using System.Security.Claims;
using System.Text.Json.Nodes;
using ClinicBlog.Content;
using ClinicBlog.Roles;
using Microsoft.AspNetCore.Identity;

namespace ClinicBlog.Recipes.Steps;

/// <summary><c>Roles</c>: each role's name, description and permissions (replacing what it had).</summary>
/// <remarks>A role listed without "Permissions" gets the defaults of <see cref="Permissions.DefaultsFor"/>.</remarks>
internal sealed class RolesStep(RoleManager<IdentityRole> roles) : IRecipeStep
{
    internal const string DescriptionClaimType = "Description";

    public string Name => "Roles";

    public Task ValidateAsync(RecipeStepJson step, RecipeStepInfo info, RecipeValidationContext context, RecipeErrors errors, CancellationToken ct)
    {
        if (step.Json["Roles"] is not JsonArray list)
        {
            errors.Add(info, $"expected \"Roles\": [ {{ \"Name\": ..., \"Permissions\": [...] }} ], found {RecipeJson.Describe(step.Json["Roles"])}.");
            return Task.CompletedTask;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject role)
            {
                errors.Add(info, $"Roles[{i}] must be an object, found {RecipeJson.Describe(list[i])}.");
                continue;
            }

            var name = RecipeJson.String(role["Name"]);
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(info, $"Roles[{i}]: \"Name\" is missing.");
                continue;
            }

            // The limits of the roles page, so that a recipe makes no role the dashboard could not.
            if (RoleRules.CheckName(name) is { } wrongName)
                errors.Add(info, $"Roles[{i}]: \"Name\" '{(name.Length > 60 ? name[..57] + "..." : name)}' cannot be a role's name: {wrongName}");
            if (RecipeJson.String(role["Description"])?.Trim() is { Length: > RoleRules.DescriptionMaxLength } description)
                errors.Add(info, $"role '{name}': field 'Description' is {description.Length:N0} characters long: at most {RoleRules.DescriptionMaxLength} are allowed, as on the roles page.");

            if (role["Permissions"] is null) continue;
            if (role["Permissions"] is not JsonArray permissions)
            {
                errors.Add(info, $"role '{name}': \"Permissions\" must be a list of permission names, found {RecipeJson.Describe(role["Permissions"])}.");
                continue;
            }

            foreach (var p in permissions)
            {
                var permission = RecipeJson.String(p);
                if (permission is null || !Permissions.IsKnown(permission))
                    errors.Add(info, $"role '{name}': permission '{permission ?? p?.ToJsonString()}' is unknown: expected some of {string.Join(", ", Permissions.All)}.");
            }
        }

        return Task.CompletedTask;
    }

    public async Task ApplyAsync(RecipeStepJson step, CancellationToken ct)
    {
        foreach (var item in ((JsonArray)step.Json["Roles"]!).OfType<JsonObject>())
        {
            var name = RecipeJson.String(item["Name"])!;
            var role = await roles.FindByNameAsync(name);
            if (role is null)
            {
                role = new IdentityRole(name);
                Check(await roles.CreateAsync(role), name);
            }

            var wanted = item["Permissions"] is JsonArray list
                ? list.Select(RecipeJson.String).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : Permissions.DefaultsFor(name).ToHashSet(StringComparer.Ordinal);
            var description = RecipeJson.String(item["Description"]);

            foreach (var claim in await roles.GetClaimsAsync(role))
            {
                var keep = claim.Type == Permissions.ClaimType
                    ? wanted.Remove(claim.Value)
                    : claim.Type != DescriptionClaimType || description is null;
                if (!keep) Check(await roles.RemoveClaimAsync(role, claim), name);
            }

            foreach (var permission in wanted)
                Check(await roles.AddClaimAsync(role, new Claim(Permissions.ClaimType, permission)), name);
            if (description is not null)
                Check(await roles.AddClaimAsync(role, new Claim(DescriptionClaimType, description)), name);
        }
    }

    private static void Check(IdentityResult result, string role)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"role '{role}': {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
