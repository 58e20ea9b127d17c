using Model = Paralus.Domain.Model;

namespace Paralus.Infrastructure.Storage;

/// <summary>Row-key prefixes of the entity kinds stored in the directory table, and which of them keep a name index.</summary>
internal static class EntityKinds
{
    public const string Project = "project";
    public const string User = "user";
    public const string Group = "group";
    public const string Role = "role";
    public const string RoleBinding = "binding";
    public const string Cluster = "cluster";
    public const string ApiKey = "apikey";
    public const string IdentityProvider = "idp";
    public const string Membership = "member";
    public const string Meta = "meta";

    public static string Of(Model.IDirectoryEntity entity) => entity switch
    {
        Model.Project => Project,
        Model.User => User,
        Model.Group => Group,
        Model.Role => Role,
        Model.RoleBinding => RoleBinding,
        Model.Cluster => Cluster,
        Model.ApiKey => ApiKey,
        Model.IdentityProvider => IdentityProvider,
        _ => throw new ArgumentException($"{entity.GetType().Name} is not stored in the directory.", nameof(entity)),
    };

    /// <summary>The name that must be unique among its kind (ignoring case), kept in a name-index row; null for kinds without one.</summary>
    public static string? UniqueNameOf(Model.IDirectoryEntity entity) => entity switch
    {
        Model.Project p => p.Name,
        Model.User u => u.Name,
        Model.Group g => g.Name,
        Model.Role r => r.Name,
        Model.Cluster c => c.Name,
        Model.IdentityProvider p => p.Name,
        _ => null,
    };
}
