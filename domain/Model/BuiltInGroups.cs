namespace Paralus.Domain.Model;

/// <summary>Groups every organization starts with, as in Paralus.</summary>
public static class BuiltInGroups
{
    /// <summary>Every local user is a member; it holds no role until an admin binds one.</summary>
    public const string AllLocalUsers = "All Local Users";

    /// <summary>Bound to ADMIN at organization scope; the first admin is a member.</summary>
    public const string OrganizationAdmins = "Organization Admins";

    public const string AllLocalUsersId = "group-all-local-users";
    public const string OrganizationAdminsId = "group-organization-admins";
}
