using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using static Paralus.Domain.Tests.Policy.SeedDirectory;

namespace Paralus.Domain.Tests.Kubernetes;

/// <summary>One project, one persona per kind of kubectl access, compiled by the real policy engine.</summary>
internal static class KubernetesPersonas
{
    public const string ProjectId = "aws";

    public static User ProjectAdmin { get; } = Person("user-pat", "pat@example.com");
    public static User ProjectReader { get; } = Person("user-rita", "rita@example.com");
    public static User Sally { get; } = Person("user-sally", "sally@example.com");
    public static User NamespaceReader { get; } = Person("user-nora", "nora@example.com");
    public static User EveryNamespaceAdmin { get; } = Person("user-wendy", "wendy@example.com");
    public static User Deactivated { get; } = Person("user-dora", "dora@example.com") with { Active = false };
    public static User Nobody { get; } = Person("user-nick", "nick@example.com");

    public static PolicySnapshot Snapshot { get; } = PolicySnapshot.Build(new DirectoryState(
        Projects: [new Project(ProjectId, "aws", "", Epoch), new Project("gcp", "gcp", "", Epoch)],
        Users: [ProjectAdmin, ProjectReader, Sally, NamespaceReader, EveryNamespaceAdmin, Deactivated, Nobody],
        Groups: [],
        Memberships: [],
        Roles: BuiltInRoles.All,
        Bindings:
        [
            Bind("rb-pat", SubjectRef.User(ProjectAdmin.Id), BuiltInRoles.ProjectAdmin, BindingScope.ForProject(ProjectId)),
            Bind("rb-rita", SubjectRef.User(ProjectReader.Id), BuiltInRoles.ProjectReadOnly, BindingScope.ForProject(ProjectId)),
            Bind("rb-sally", SubjectRef.User(Sally.Id), BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "apple")),
            Bind("rb-nora", SubjectRef.User(NamespaceReader.Id), BuiltInRoles.NamespaceReadOnly, BindingScope.ForNamespace(ProjectId, "apple")),
            Bind("rb-wendy", SubjectRef.User(EveryNamespaceAdmin.Id), BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, BindingScope.Wildcard)),
            Bind("rb-dora", SubjectRef.User(Deactivated.Id), BuiltInRoles.ProjectAdmin, BindingScope.ForProject(ProjectId)),
            Bind("rb-nick-gcp", SubjectRef.User(Nobody.Id), BuiltInRoles.ProjectAdmin, BindingScope.ForProject("gcp")),
        ]), version: 1);

    public static KubernetesAccess AccessOf(User user) => Snapshot.GetKubernetesAccess(user.Id, ProjectId);
}
