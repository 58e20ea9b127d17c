using Paralus.Domain.Model;
using Paralus.Domain.Policy;

namespace Paralus.Domain.Tests.Policy;

/// <summary>
/// Property tests: thousands of random directories, each asked random questions, answered by the
/// engine and by <see cref="ReferencePolicy"/>. Seeds are fixed, so a failure names a reproducible case.
/// </summary>
public sealed class PolicyEquivalenceTests
{
    private const int Directories = 4_000;
    private const int QuestionsPerDirectory = 24;

    [Fact]
    public void Check_MatchesReference_AndNamesAnAllowingBinding()
    {
        var compared = 0;
        ForEachDirectory((random, snapshot, reference, seed) =>
        {
            for (var q = 0; q < QuestionsPerDirectory; q++)
            {
                var (user, permission, target) = (random.NextUserId(), random.NextPermission(), random.NextTarget());
                var decision = snapshot.Check(user, permission, target);
                var allowing = reference.AllowingBindings(user, permission, target);
                var context = $"seed {seed}: Check({user}, {permission}, {target}) -> {decision}";

                Assert.True(allowing is { Count: > 0 } == decision.IsAllowed, context);
                if (decision.IsAllowed)
                {
                    Assert.Contains(decision.Grant!.BindingId, allowing!);
                    var binding = random.State.Bindings.Single(b => b.Id == decision.Grant.BindingId);
                    var expectedVia = binding.Subject.Kind == SubjectKind.Group ? random.State.Groups.First(g => g.Id == binding.Subject.Id).Name : null;
                    Assert.Equal(expectedVia, decision.Grant.ViaGroupName);
                }
                else
                {
                    var expected = allowing is null
                        ? random.State.Users.Any(u => u.Id == user) ? DenialReason.UserDeactivated : DenialReason.UnknownUser
                        : DenialReason.NoGrant;
                    Assert.True(expected == decision.Denial, context);
                }

                compared++;
            }
        });
        Assert.Equal(Directories * QuestionsPerDirectory, compared);
    }

    [Fact]
    public void GetProjectsWith_MatchesReference()
    {
        ForEachDirectory((random, snapshot, reference, seed) =>
        {
            for (var q = 0; q < QuestionsPerDirectory / 2; q++)
            {
                var (user, permission) = (random.NextUserId(), random.NextPermission());
                var actual = snapshot.GetProjectsWith(user, permission);
                var (all, projects) = reference.ProjectsWith(user, permission);
                var context = $"seed {seed}: GetProjectsWith({user}, {permission}) -> {actual}";

                Assert.True(all == actual.All, context);
                Assert.True(projects.SetEquals(actual.ProjectIds), context);
            }
        });
    }

    [Fact]
    public void GetKubernetesAccess_MatchesReference()
    {
        ForEachDirectory((random, snapshot, reference, seed) =>
        {
            for (var q = 0; q < QuestionsPerDirectory / 2; q++)
            {
                var (user, project) = (random.NextUserId(), random.NextProjectId());
                var actual = snapshot.GetKubernetesAccess(user, project);
                var (cluster, namespaces) = reference.KubernetesAccess(user, project);
                var context = $"seed {seed}: GetKubernetesAccess({user}, {project}) -> {actual}";

                Assert.True(cluster == actual.ClusterLevel, context);
                Assert.True(actual.ClusterGrant is null == (cluster == KubernetesAccessLevel.None), context);
                Assert.True(
                    namespaces.OrderBy(n => n.Key, StringComparer.Ordinal)
                        .SequenceEqual(actual.Namespaces.Select(n => KeyValuePair.Create(n.Key, n.Value.Level)).OrderBy(n => n.Key, StringComparer.Ordinal)),
                    context);
            }
        });
    }

    private static void ForEachDirectory(Action<RandomDirectory, PolicySnapshot, ReferencePolicy, int> compare)
    {
        for (var seed = 0; seed < Directories; seed++)
        {
            var random = new RandomDirectory(seed);
            var state = random.Next();
            compare(random, PolicySnapshot.Build(state, seed), new ReferencePolicy(state), seed);
        }
    }
}
