using System.Diagnostics;
using Paralus.Core.Domain;
using Paralus.Core.Policy;

namespace Paralus.Bench.Policy;

/// <summary>
/// Snapshot build time, single-thread Check throughput and GetKubernetesAccess throughput on a
/// large synthetic organization. Stopwatch with warm-up rather than BenchmarkDotNet, to finish in seconds.
/// </summary>
internal sealed class PolicyBenchmark : IBenchmark
{
    private const int Seed = 20261122;
    private const int Users = 10_000;
    private const int Groups = 2_000;
    private const int Projects = 1_000;
    private const int Bindings = 100_000;
    private const int GroupsPerUser = 3;
    private const int Questions = 1 << 20;
    private const int CheckIterations = 4_000_000;
    private const int AccessIterations = 1_000_000;
    private const int Rounds = 5;

    private static readonly string[] AskedPermissions =
    [
        Permissions.ClusterRead, Permissions.ClusterWrite, Permissions.ProjectRead, Permissions.KubeconfigRead,
        Permissions.KubectlFullAccess, Permissions.KubectlNamespaceWrite, Permissions.UserWrite, Permissions.AuditRead,
    ];

    public string Name => "policy";

    public string Description => "policy engine: snapshot build, Check and GetKubernetesAccess throughput";

    public BenchmarkReport Run(TextWriter progress)
    {
        var state = SyntheticDirectory.Generate(Seed, Users, Groups, Projects, Bindings, GroupsPerUser);
        var report = new BenchmarkReport(
            "Policy engine benchmark",
            $"Directory (seed {Seed}): {state.Users.Count:N0} users, {state.Groups.Count:N0} groups, {state.Projects.Count:N0} projects, " +
            $"{state.Bindings.Count:N0} bindings, {state.Memberships.Count:N0} memberships, {state.Roles.Count} roles. " +
            $"Check: {Questions:N0} precomputed questions (half on projects, half on namespaces; users' own projects or random ones), " +
            $"{CheckIterations:N0} decisions per round on one thread, median of {Rounds} rounds after warm-up.");

        progress.WriteLine("building snapshots…");
        var (buildTimes, snapshot, snapshotBytes) = MeasureBuild(state);
        var medianBuild = Median(buildTimes);
        report.Add("snapshot build (median of 5)", $"{medianBuild.TotalMilliseconds:N0} ms", "< 1,000 ms", medianBuild < TimeSpan.FromSeconds(1));
        report.Add("snapshot build (min / max)", $"{buildTimes.Min().TotalMilliseconds:N0} / {buildTimes.Max().TotalMilliseconds:N0} ms");
        report.Add("snapshot heap size (approx.)", $"{snapshotBytes / (1024.0 * 1024):N1} MiB");

        progress.WriteLine("measuring Check…");
        var questions = MakeQuestions(state, snapshot);
        var allowedShare = questions.Count(q => snapshot.Check(q.UserId, q.Permission, q.Target).IsAllowed) / (double)questions.Length;
        var (checkRate, checkAllocations) = MeasureCheck(snapshot, questions);
        report.Add("Check decisions/s, one thread (median)", $"{checkRate:N0}", "> 1,000,000", checkRate > 1_000_000);
        report.Add("Check mean latency", $"{1e9 / checkRate:N0} ns");
        report.Add("bytes allocated in timed Check rounds", $"{checkAllocations:N0}", "0", checkAllocations == 0);
        report.Add("allowed share of questions", $"{allowedShare:P1}");

        progress.WriteLine("measuring GetKubernetesAccess…");
        var accessRate = MeasureKubernetesAccess(snapshot, state);
        report.Add("GetKubernetesAccess calls/s, one thread (median)", $"{accessRate:N0}", "> 200,000", accessRate > 200_000);

        var projectsRate = MeasureProjectsWith(snapshot, state);
        report.Add("GetProjectsWith calls/s, one thread (median)", $"{projectsRate:N0}");
        return report;
    }

    private static (TimeSpan[] Times, PolicySnapshot Last, long Bytes) MeasureBuild(DirectoryState state)
    {
        PolicySnapshot.Build(state, 0);
        var times = new TimeSpan[Rounds];
        PolicySnapshot? last = null;
        long bytes = 0;
        for (var i = 0; i < Rounds; i++)
        {
            last = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var started = Stopwatch.GetTimestamp();
            last = PolicySnapshot.Build(state, i + 1);
            times[i] = Stopwatch.GetElapsedTime(started);
            bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        }

        return (times, last!, bytes);
    }

    /// <summary>
    /// Half the questions are asked where the user (or one of their groups) holds a binding, at that
    /// binding's kind of scope and mostly about a permission of its role, so that allowed and denied
    /// answers mix; the rest name a random project and permission.
    /// Ids are copied into fresh strings, as they would arrive off the wire.
    /// </summary>
    private static PolicyQuestion[] MakeQuestions(DirectoryState state, PolicySnapshot snapshot)
    {
        var random = new Random(Seed + 1);
        var bindings = new BindingsOfUsers(state, snapshot);
        var questions = new PolicyQuestion[Questions];
        for (var i = 0; i < questions.Length; i++)
        {
            var user = state.Users[random.Next(state.Users.Count)];
            var binding = random.Next(2) == 0 ? bindings.PickFor(user.Id, random) : null;
            var own = binding?.Scope;
            var project = own?.ProjectId ?? state.Projects[random.Next(state.Projects.Count)].Id;
            var @namespace = own?.Namespace is { } ns && ns != BindingScope.Wildcard
                ? ns
                : SyntheticDirectory.Namespaces[random.Next(SyntheticDirectory.Namespaces.Length)];
            var onNamespace = own?.Kind == ScopeKind.Namespace || random.Next(2) == 0;
            var target = onNamespace
                ? PolicyTarget.ForNamespace(Fresh(project), Fresh(@namespace))
                : PolicyTarget.ForProject(Fresh(project));
            var rolePermissions = binding is null ? [] : snapshot.FindRole(binding.RoleId)!.Permissions;
            var permission = rolePermissions.Count > 0 && random.Next(4) > 0
                ? rolePermissions[random.Next(rolePermissions.Count)]
                : AskedPermissions[random.Next(AskedPermissions.Length)];
            questions[i] = new PolicyQuestion(Fresh(user.Id), Fresh(permission), target);
        }

        return questions;
    }

    private static (double Rate, long BytesAllocated) MeasureCheck(PolicySnapshot snapshot, PolicyQuestion[] questions)
    {
        RunChecks(snapshot, questions, CheckIterations);
        var rates = new double[Rounds];
        long allocated = 0;
        for (var r = 0; r < Rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            RunChecks(snapshot, questions, CheckIterations);
            var elapsed = Stopwatch.GetElapsedTime(started);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            rates[r] = CheckIterations / elapsed.TotalSeconds;
        }

        return (Median(rates), allocated);
    }

    private static int RunChecks(PolicySnapshot snapshot, PolicyQuestion[] questions, int iterations)
    {
        var allowed = 0;
        var mask = questions.Length - 1;
        for (var i = 0; i < iterations; i++)
        {
            ref readonly var question = ref questions[i & mask];
            if (snapshot.Check(question.UserId, question.Permission, question.Target).IsAllowed) allowed++;
        }

        return allowed;
    }

    /// <summary>Half the pairs name a project the user is bound in, half a random one.</summary>
    private static double MeasureKubernetesAccess(PolicySnapshot snapshot, DirectoryState state)
    {
        var random = new Random(Seed + 2);
        var bindings = new BindingsOfUsers(state, snapshot);
        var pairs = Enumerable.Range(0, 1 << 16)
            .Select(_ =>
            {
                var user = state.Users[random.Next(state.Users.Count)].Id;
                var project = (random.Next(2) == 0 ? bindings.PickFor(user, random)?.Scope.ProjectId : null)
                              ?? state.Projects[random.Next(state.Projects.Count)].Id;
                return (Fresh(user), Fresh(project));
            })
            .ToArray();
        return MeasureRate(AccessIterations, i =>
        {
            var (user, project) = pairs[i & (pairs.Length - 1)];
            return snapshot.GetKubernetesAccess(user, project).IsNone ? 0 : 1;
        });
    }

    private static double MeasureProjectsWith(PolicySnapshot snapshot, DirectoryState state)
    {
        var random = new Random(Seed + 3);
        var pairs = Enumerable.Range(0, 1 << 16)
            .Select(_ => (Fresh(state.Users[random.Next(state.Users.Count)].Id), AskedPermissions[random.Next(AskedPermissions.Length)]))
            .ToArray();
        return MeasureRate(AccessIterations, i =>
        {
            var (user, permission) = pairs[i & (pairs.Length - 1)];
            return snapshot.GetProjectsWith(user, permission).All ? 1 : 0;
        });
    }

    private static double MeasureRate(int iterations, Func<int, int> call)
    {
        var sink = 0;
        for (var i = 0; i < iterations / 4; i++) sink += call(i);
        var rates = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++) sink += call(i);
            rates[r] = iterations / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        GC.KeepAlive(sink);
        return Median(rates);
    }

    private static string Fresh(string value) => new(value.AsSpan());

    private static T Median<T>(T[] values) => values.Order().ElementAt(values.Length / 2);
}
