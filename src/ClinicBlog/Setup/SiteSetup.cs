using System.ComponentModel.DataAnnotations;
using ClinicBlog.Data;
using ClinicBlog.Recipes;
using ClinicBlog.Site;
using ClinicBlog.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicBlog.Setup;

/// <summary>What setup asks for, from the setup page or from configuration.</summary>
public sealed class SetupRequest
{
    [Required(ErrorMessage = "Please enter the site's name.")]
    [StringLength(100, ErrorMessage = "The site's name can be at most 100 characters.")]
    public string SiteName { get; set; } = "";

    [Required(ErrorMessage = "Please choose a recipe.")]
    public string Recipe { get; set; } = "clinic-blog";

    [Required(ErrorMessage = "Please enter a user name for the administrator.")]
    [RegularExpression(@"^[A-Za-z0-9._@+-]{2,64}$", ErrorMessage = "The user name can use letters, digits and . _ @ + - (2 to 64 characters).")]
    public string AdminUserName { get; set; } = "";

    [Required(ErrorMessage = "Please enter the administrator's email address.")]
    [EmailAddress(ErrorMessage = "Please enter a valid email address.")]
    public string AdminEmail { get; set; } = "";

    [Required(ErrorMessage = "Please enter a password.")]
    [DataType(DataType.Password)]
    public string AdminPassword { get; set; } = "";
}

/// <summary>Turns an empty database into a site: applies the chosen recipe and creates the administrator, all or nothing.</summary>
public sealed class SiteSetup
{
    internal const string AlreadySetUp = "This site is already set up.";

    // Nodes of one deployment given the same ClinicBlog:Setup:* start together and would each set the site up: on
    // PostgreSQL they take turns by this transaction-level advisory lock, and whoever comes second finds it done.
    private const string TakeSetupLock = "SELECT pg_advisory_xact_lock(7361029386)";

    private readonly IServiceProvider services;
    private readonly SetupState state;

    // One setup at a time in this process too (two people on the setup page, or the page and headless setup): on
    // SQLite, a single node, this is what keeps them apart.
    private readonly SemaphoreSlim turn = new(1, 1);

    internal SiteSetup(IServiceProvider services, SetupState state)
    {
        this.services = services;
        this.state = state;
    }

    public async Task<bool> IsSetUpAsync(CancellationToken ct = default)
    {
        if (state.IsSetUp) return true;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicBlogDbContext>();
        var done = await db.SiteSettings.AsNoTracking().AnyAsync(s => s.SetUpUtc != null, ct);
        if (done) state.IsSetUp = true;
        return done;
    }

    public IReadOnlyList<RecipeInfo> SetupRecipes() =>
        services.GetRequiredService<RecipeCommands>().List().Where(r => r.IsSetupRecipe).ToList();

    /// <summary>Sets the site up; returns the problems (by field name where there is one) and changes nothing when there are any.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> SetUpAsync(SetupRequest request, CancellationToken ct = default)
    {
        var problems = new List<(string, string)>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        problems.AddRange(results.Select(r => (r.MemberNames.FirstOrDefault() ?? "", r.ErrorMessage ?? "")));
        if (await IsSetUpAsync(ct)) problems.Add(("", AlreadySetUp));

        var recipes = services.GetRequiredService<RecipeCommands>();
        var recipe = recipes.Find(request.Recipe);
        if (recipe is null)
            problems.Add((nameof(request.Recipe), $"There is no recipe named '{request.Recipe}'. Known: {string.Join(", ", recipes.List().Select(r => r.Name))}."));

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ClinicBlogUser>>();
        var admin = new ClinicBlogUser
        {
            UserName = request.AdminUserName.Trim(),
            Email = request.AdminEmail.Trim(),
            EmailConfirmed = true,
            DisplayName = request.AdminUserName.Trim(),
        };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, admin, request.AdminPassword ?? "");
            problems.AddRange(result.Errors.Select(e => (nameof(request.AdminPassword), e.Description)));
        }

        if (problems.Count > 0) return problems;

        var errors = new RecipeErrors();
        var document = RecipeDocument.Read(await File.ReadAllBytesAsync(recipe!.FilePath, ct), errors);
        if (document is null || errors.Any) return errors.All.Select(e => (nameof(request.Recipe), e.ToString())).ToList();

        await turn.WaitAsync(ct);
        try
        {
            return await ApplyAsync(request, recipe, document, admin, scope.ServiceProvider, ct);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>The setup itself, in one transaction, by one caller at a time; nothing when the site is set up meanwhile.</summary>
    private async Task<IReadOnlyList<(string Field, string Message)>> ApplyAsync(
        SetupRequest request, RecipeInfo recipe, RecipeDocument document, ClinicBlogUser admin, IServiceProvider scoped, CancellationToken ct)
    {
        var db = scoped.GetRequiredService<ClinicBlogDbContext>();
        var users = scoped.GetRequiredService<UserManager<ClinicBlogUser>>();
        var applier = scoped.GetRequiredService<RecipeApplier>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync(TakeSetupLock, ct);

        // Asked again now that it is this caller's turn: another node or request may have set the site up meanwhile.
        if (await db.SiteSettings.AsNoTracking().AnyAsync(s => s.SetUpUtc != null, ct))
        {
            state.IsSetUp = true;
            return [("", AlreadySetUp)];
        }

        var recipeErrors = await applier.ApplyAsync(document, ct);
        if (recipeErrors.Count > 0) return recipeErrors.Select(e => (nameof(request.Recipe), e.ToString())).ToList();

        var created = await users.CreateAsync(admin, request.AdminPassword!);
        if (!created.Succeeded) return created.Errors.Select(e => (nameof(request.AdminUserName), e.Description)).ToList();
        var roles = scoped.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Permissions.Roles.Administrator))
        {
            await roles.CreateAsync(new IdentityRole(Permissions.Roles.Administrator));
            var role = (await roles.FindByNameAsync(Permissions.Roles.Administrator))!;
            foreach (var p in Permissions.All)
                await roles.AddClaimAsync(role, new System.Security.Claims.Claim(Permissions.ClaimType, p));
        }

        await users.AddToRoleAsync(admin, Permissions.Roles.Administrator);

        var settings = await db.SiteSettings.FindAsync([SiteSettings.SingletonId], ct) ?? db.SiteSettings.Add(new SiteSettings()).Entity;
        // The name given at setup wins over the recipe's.
        settings.SiteName = request.SiteName.Trim();
        settings.SetUpUtc = scoped.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        state.IsSetUp = true;
        scoped.GetRequiredService<ILogger<SiteSetup>>()
            .LogInformation("Site set up with recipe {Recipe}", recipe.Name);
        return [];
    }
}

/// <summary>Remembers, once it is true, that the site is set up: the setup check then costs nothing per request.</summary>
internal sealed class SetupState
{
    public volatile bool IsSetUp;
}
