using Paralus.Domain.Model;

namespace Paralus.Domain.Directory;

/// <summary>Whether a local user who has just proved their password (and code, if they have one) gets a restricted session, and why.</summary>
public static class SessionRestrictionRule
{
    public static SessionRestriction? For(DirectoryView view, User user, bool hasSecondFactor)
    {
        if (user.Kind != UserKind.Local) return null;
        if (user.PasswordChangeRequired) return SessionRestriction.PasswordChange;
        if (view.Settings.Value.RequireSecondFactorForAdmins && !hasSecondFactor && HoldsAdministrativeRole(view, user.Id))
        {
            return SessionRestriction.SecondFactorEnrollment;
        }
        return null;
    }

    /// <summary>Bound, directly or through a group, to a role that may change something (<see cref="Role.IsAdministrative"/>), at any scope.</summary>
    public static bool HoldsAdministrativeRole(DirectoryView view, string userId) =>
        view.BindingsOf(userId).Any(b => view.Roles.TryGetValue(b.RoleId, out var role) && role.Value.IsAdministrative);
}
