namespace Paralus.Infrastructure.Storage;

/// <summary>Row-key prefixes of the entity kinds stored in the directory table.</summary>
public static class EntityKinds
{
    public const string Project = "project";
    public const string User = "user";
    public const string Group = "group";
    public const string Role = "role";
    public const string RoleBinding = "binding";
    public const string Cluster = "cluster";
    public const string ApiKey = "apikey";
}
