using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Auth;

/// <summary>Who a signed-in principal is to the portal: a name that becomes <see cref="Job.Owner"/>, admin or not.</summary>
public static class PortalUser
{
    public const string AdminRole = "admin";

    /// <summary>Builds the principal every sign-in method ends with.</summary>
    public static ClaimsPrincipal Create(string name, bool admin, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        if (admin)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, AdminRole));
        }

        return new ClaimsPrincipal(identity);
    }

    public static string? NameOf(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    public static bool IsAdmin(ClaimsPrincipal? user) => NameOf(user) is not null && user!.IsInRole(AdminRole);

    /// <summary>Admins may retry or cancel any job; everyone else only their own.</summary>
    public static bool MayChange(ClaimsPrincipal? user, Job job) =>
        IsAdmin(user) || (NameOf(user) is { } name && string.Equals(job.Owner, name, StringComparison.Ordinal));

    /// <summary>The user a page runs for; nobody (no rights at all) when the page has no authentication state.</summary>
    public static async Task<ClaimsPrincipal> OfAsync(Task<AuthenticationState>? state) =>
        state is null ? new ClaimsPrincipal() : (await state).User;
}
