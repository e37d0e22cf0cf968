using ClinicBlog.Roles;
using ClinicBlog.Users;
using Microsoft.AspNetCore.DataProtection;

namespace ClinicBlog.Tests.Users;

/// <summary>The account, role and invitation rules without HTTP.</summary>
public sealed class AccountRulesTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Roles = new Dictionary<string, IReadOnlyList<string>>
    {
        ["Administrator"] = Permissions.All,
        ["Moderator"] = [Permissions.ModerateComments],
    };

    [Fact]
    public void Nobody_disables_themselves_or_drops_their_own_Administrator_role()
    {
        Assert.Equal(AccountRules.CannotDisableSelf, AccountRules.CheckDisable("me", "me"));
        Assert.Null(AccountRules.CheckDisable("me", "you"));
        var all = Permissions.All.ToHashSet();
        Assert.Equal([AccountRules.CannotDropOwnAdministrator], AccountRules.CheckRoles("me", "me", ["Administrator"], ["Moderator"], all, Roles));
        Assert.Empty(AccountRules.CheckRoles("me", "you", ["Administrator"], ["Moderator"], all, Roles));
    }

    [Fact]
    public void A_role_can_only_be_given_by_someone_holding_all_its_permissions()
    {
        var mine = new HashSet<string> { Permissions.ManageUsers, Permissions.ModerateComments };

        Assert.Empty(AccountRules.CheckRoles("me", "you", [], ["Moderator"], mine, Roles));
        Assert.Contains("You cannot give the role Administrator", Assert.Single(AccountRules.CheckRoles("me", "you", [], ["Administrator"], mine, Roles)));
        Assert.Empty(AccountRules.CheckRoles("me", "you", ["Administrator"], ["Administrator", "Moderator"], mine, Roles));
        Assert.Equal("There is no role named “Ghost”.", Assert.Single(AccountRules.CheckRoles("me", "you", [], ["Ghost"], mine, Roles)));
    }

    [Theory]
    [InlineData("Jane.Doe+blog@example.com", "jane.doe")]
    [InlineData("ö@example.com", "user")]
    [InlineData("r.durbin-pt@clinic.example", "r.durbin-pt")]
    public void A_user_name_is_made_from_the_email(string email, string expected) =>
        Assert.Equal(expected, AccountRules.UserNameStem(email));

    [Fact]
    public void Role_rules_guard_names_grants_and_deletes()
    {
        Assert.Null(RoleRules.CheckNewName("Physiotherapist", ["Editor"]));
        Assert.Contains("already a role", RoleRules.CheckNewName("editor", ["Editor"]));
        Assert.Contains("starts with a letter", RoleRules.CheckNewName("2x", []));
        Assert.Equal([RoleRules.AdministratorIsFixed], RoleRules.CheckPermissions("Administrator", Permissions.All.ToList(), ["ManageRoles"], Permissions.All.ToHashSet()));
        Assert.Equal(["You cannot grant ManageUsers: you do not have it yourself."],
            RoleRules.CheckPermissions("Editor", [], ["ManageUsers", "ManageRoles"], new HashSet<string> { "ManageRoles" }));
        Assert.Empty(RoleRules.CheckPermissions("Editor", ["ManageUsers"], [], new HashSet<string>()));
        Assert.NotNull(RoleRules.CheckDelete("Administrator", 0));
        Assert.Contains("2 members", RoleRules.CheckDelete("Editor", 2));
        Assert.Null(RoleRules.CheckDelete("Editor", 0));
    }

    [Fact]
    public void Every_permission_has_a_line_of_explanation() =>
        Assert.All(Permissions.All, p => Assert.NotEmpty(PermissionDescriptions.For(p)));

    [Fact]
    public void An_invitation_token_is_valid_until_it_expires_is_used_or_is_replaced()
    {
        var tokens = new InvitationTokens(new EphemeralDataProtectionProvider().CreateProtector(InvitationTokens.Purpose));
        var now = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var token = tokens.Create("user-1", "stamp-1", now.AddDays(7));

        Assert.Equal(InvitationStatus.Valid, tokens.Check(token, "user-1", "stamp-1", hasPassword: false, now.AddDays(7)));
        Assert.Equal(InvitationStatus.Expired, tokens.Check(token, "user-1", "stamp-1", hasPassword: false, now.AddDays(7).AddSeconds(1)));
        Assert.Equal(InvitationStatus.Used, tokens.Check(token, "user-1", "stamp-2", hasPassword: true, now.AddDays(30)));
        Assert.Equal(InvitationStatus.Invalid, tokens.Check(token, "user-1", "stamp-2", hasPassword: false, now));
        Assert.Equal(InvitationStatus.Invalid, tokens.Check(token, "user-2", "stamp-1", hasPassword: false, now));
        Assert.Equal(InvitationStatus.Invalid, tokens.Check(token[..^2], "user-1", "stamp-1", hasPassword: false, now));
        Assert.Equal(InvitationStatus.Invalid, tokens.Check(null, "user-1", "stamp-1", hasPassword: false, now));
    }
}
