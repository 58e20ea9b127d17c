using Paralus.Domain.Kubernetes;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Tests.Policy;
using static Paralus.Domain.Tests.Kubernetes.KubernetesPersonas;

namespace Paralus.Domain.Tests.Kubernetes;

public sealed class JitAccessSpecTests
{
    [Fact]
    public void For_ProjectAdmin_OneClusterRoleBindingToFull()
    {
        var spec = JitAccessSpec.For(ProjectAdmin.Name, AccessOf(ProjectAdmin));

        Assert.Equal("pat-64example-46com", spec.ServiceAccountName);
        Assert.Equal("paralus-system", JitAccessSpec.ServiceAccountNamespace);
        var binding = Assert.Single(spec.ClusterRoleBindings);
        Assert.Equal(new JitClusterRoleBinding("pat-64example-46com-paralus-full", "paralus-full"), binding);
        Assert.Empty(spec.RoleBindings);
    }

    [Fact]
    public void For_ProjectReader_BindsRead()
    {
        var spec = JitAccessSpec.For(ProjectReader.Name, AccessOf(ProjectReader));

        Assert.Equal(JitClusterRoles.ReadName, Assert.Single(spec.ClusterRoleBindings).ClusterRoleName);
        Assert.Empty(spec.RoleBindings);
    }

    [Fact]
    public void For_NamespaceAdmin_RoleBindingInItsNamespace()
    {
        var spec = JitAccessSpec.For(Sally.Name, AccessOf(Sally));

        Assert.Empty(spec.ClusterRoleBindings);
        Assert.Equal(new JitRoleBinding("sally-64example-46com-paralus-namespace-full", "apple", "paralus-namespace-full"), Assert.Single(spec.RoleBindings));
        Assert.Equal(
            new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "paralus", ["paralus.dev/user"] = "sally-64example-46com" },
            spec.Labels);
    }

    [Fact]
    public void For_NamespaceReader_BindsNamespaceRead() =>
        Assert.Equal(JitClusterRoles.NamespaceReadName, Assert.Single(JitAccessSpec.For(NamespaceReader.Name, AccessOf(NamespaceReader)).RoleBindings).ClusterRoleName);

    [Fact]
    public void For_EveryNamespace_RoleBindingsInEachNamespace_NeverAClusterRoleBinding()
    {
        var spec = JitAccessSpec.For(EveryNamespaceAdmin.Name, AccessOf(EveryNamespaceAdmin));

        Assert.Empty(spec.ClusterRoleBindings);
        Assert.Equal(JitClusterRoles.NamespaceFullName, spec.EveryNamespaceRole);
        Assert.Equal(JitClusterRoles.NamespaceFullName, spec.EveryNamespaceBindingIn("kube-system")?.ClusterRoleName);
        Assert.Null(spec.EveryNamespaceBindingIn(JitAccessSpec.ServiceAccountNamespace));
    }

    [Theory]
    [InlineData("user-dora")]
    [InlineData("user-nick")]
    [InlineData("user-ghost")]
    public void For_NoAccess_NoBindings(string userId)
    {
        var spec = JitAccessSpec.For("someone@example.com", Snapshot.GetKubernetesAccess(userId, ProjectId));

        Assert.Empty(spec.ClusterRoleBindings);
        Assert.Empty(spec.RoleBindings);
        Assert.Equal("someone-64example-46com", spec.ServiceAccountName);
    }

    [Fact]
    public void For_MixedGrants_LeavesOutBindingsABroaderOneCovers()
    {
        var access = AccessFor(
            (BuiltInRoles.ProjectReadOnly, BindingScope.ForProject(ProjectId)),
            (BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "zeta")),
            (BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "apple")),
            (BuiltInRoles.NamespaceReadOnly, BindingScope.ForNamespace(ProjectId, "banana")));

        var spec = JitAccessSpec.For("mixed@example.com", access);

        Assert.Equal(JitClusterRoles.ReadName, Assert.Single(spec.ClusterRoleBindings).ClusterRoleName);
        Assert.Equal(["apple", "zeta"], spec.RoleBindings.Select(b => b.Namespace));
        Assert.All(spec.RoleBindings, b => Assert.Equal(JitClusterRoles.NamespaceFullName, b.ClusterRoleName));
    }

    [Fact]
    public void For_ClusterReadAndEveryNamespaceWrite_ReadClusterWideAndWriteInEachNamespace()
    {
        var access = AccessFor(
            (BuiltInRoles.ProjectReadOnly, BindingScope.ForProject(ProjectId)),
            (BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, BindingScope.Wildcard)),
            (BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "apple")));

        var spec = JitAccessSpec.For("mixed@example.com", access);

        Assert.Equal([JitClusterRoles.ReadName], spec.ClusterRoleBindings.Select(b => b.ClusterRoleName));
        Assert.Equal(JitClusterRoles.NamespaceFullName, spec.EveryNamespaceRole);
        Assert.Empty(spec.RoleBindings);
    }

    [Fact]
    public void SpecVersion_SameContent_SameVersionWhateverTheBindingOrder()
    {
        var forward = AccessFor(
            (BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "apple")),
            (BuiltInRoles.NamespaceReadOnly, BindingScope.ForNamespace(ProjectId, "banana")));
        var backward = AccessFor(
            (BuiltInRoles.NamespaceReadOnly, BindingScope.ForNamespace(ProjectId, "banana")),
            (BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "apple")));

        var first = JitAccessSpec.For("u@example.com", forward);
        var second = JitAccessSpec.For("u@example.com", backward);

        Assert.Equal(first.SpecVersion, second.SpecVersion);
        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{16}$", first.SpecVersion);
    }

    [Fact]
    public void SpecVersion_ChangesWithLevelNamespaceAndUser()
    {
        var versions = new[]
        {
            JitAccessSpec.For("u@example.com", AccessFor((BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "apple")))),
            JitAccessSpec.For("u@example.com", AccessFor((BuiltInRoles.NamespaceReadOnly, BindingScope.ForNamespace(ProjectId, "apple")))),
            JitAccessSpec.For("u@example.com", AccessFor((BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "banana")))),
            JitAccessSpec.For("v@example.com", AccessFor((BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(ProjectId, "apple")))),
            JitAccessSpec.For("u@example.com", AccessFor()),
        }.Select(spec => spec.SpecVersion);

        Assert.Equal(5, versions.Distinct().Count());
    }

    [Fact]
    public void ClusterRoles_NamesAndRules()
    {
        Assert.Equal(["paralus-read", "paralus-full", "paralus-namespace-read", "paralus-namespace-full"], JitClusterRoles.All.Select(r => r.Name));
        var full = Assert.Single(JitClusterRoles.Full.Rules);
        Assert.Equal(["*"], full.ApiGroups);
        Assert.Equal(["*"], full.Resources);
        Assert.Equal(["*"], full.Verbs);

        foreach (var role in (JitClusterRole[])[JitClusterRoles.Read, JitClusterRoles.NamespaceRead])
        {
            Assert.All(role.Rules, rule => Assert.Equal(["get", "list", "watch"], rule.Verbs));
            Assert.All(role.Rules, rule => Assert.DoesNotContain("*", rule.ApiGroups));
            var core = Assert.Single(role.Rules, rule => rule.ApiGroups.Contains(""));
            Assert.Contains("pods", core.Resources);
            Assert.Contains("pods/log", core.Resources);
            Assert.DoesNotContain("*", core.Resources);
            foreach (var hidden in (string[])["secrets", "pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy", "nodes/proxy", "serviceaccounts/token"])
                Assert.DoesNotContain(hidden, core.Resources);
        }
    }

    /// <summary>The access of one user holding exactly these bindings, compiled by the real policy engine.</summary>
    private static KubernetesAccess AccessFor(params (string Role, BindingScope Scope)[] bindings)
    {
        var user = SeedDirectory.Person("user-u", "u@example.com");
        var state = new DirectoryState(
            Projects: [new Project(ProjectId, "aws", "", SeedDirectory.Epoch)],
            Users: [user],
            Groups: [],
            Memberships: [],
            Roles: BuiltInRoles.All,
            Bindings: bindings.Select((b, i) => SeedDirectory.Bind($"rb-{i}", SubjectRef.User(user.Id), b.Role, b.Scope)).ToArray());
        return PolicySnapshot.Build(state, version: 1).GetKubernetesAccess(user.Id, ProjectId);
    }
}
