using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ClinicBlog.AuditTrail;

namespace ClinicBlog.Users;

/// <summary>The signed-in principal: Identity's roles and role claims (the permissions), plus the display name.</summary>
internal sealed class ClinicBlogClaimsFactory(
    UserManager<ClinicBlogUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ClinicBlogUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ClinicBlogUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim.Type, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        return identity;
    }
}
