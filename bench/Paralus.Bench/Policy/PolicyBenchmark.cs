using Paralus.Domain.Model;
using Paralus.Domain.Policy;

namespace Paralus.Bench.Policy;

/// <summary>
/// Snapshot build time, single-thread Check throughput and GetKubernetesAccess throughput on a
/// large synthetic organization. Plain timers with warm-up rather than BenchmarkDotNet, to finish in seconds.
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
        var clock = ThreadCpuClock.IsAvailable ? "thread CPU time" : "wall-clock time (no thread CPU clock here)";
        var report = new BenchmarkReport(
            "Policy engine benchmark",
            $"Directory (seed {Seed}): {state.Users.Count:N0} users, {state.Groups.Count:N0} groups, {state.Projects.Count:N0} projects, " +
            $"{state.Bindings.Count:N0} bindings, {state.Memberships.Count:N0} memberships, {state.Roles.Count} roles. " +
            $"Check: {Questions:N0} precomputed questions (half where the user holds a binding, half on random projects; " +
            $"project and namespace targets), {CheckIterations:N0} decisions per round on one thread, median of {Rounds} rounds after warm-up. " +
            $"Targets are judged on {clock}, i.e. per second on one core: the machine may be shared, and wall-clock " +
            "time then also counts waiting for a core. Wall-clock figures are shown beside them.");

        progress.WriteLine("building snapshots…");
        var (buildWall, buildCpu, snapshot, snapshotBytes) = MeasureBuild(state);
        report.Add($"snapshot build, median of {Rounds} (CPU)", $"{buildCpu.TotalMilliseconds:N0} ms", "< 1,000 ms", buildCpu < TimeSpan.FromSeconds(1));
        report.Add($"snapshot build, median of {Rounds} (wall clock)", $"{buildWall.TotalMilliseconds:N0} ms");
        report.Add("snapshot heap size (approx.)", $"{snapshotBytes / (1024.0 * 1024):N1} MiB");

        progress.WriteLine("measuring Check…");
        var questions = MakeQuestions(state, snapshot);
        var allowedShare = questions.Count(q => snapshot.Check(q.UserId, q.Permission, q.Target).IsAllowed) / (double)questions.Length;
        var (checkWallRate, checkCpuRate, checkAllocations) = MeasureCheck(snapshot, questions);
        report.Add("Check decisions/s on one core (CPU)", $"{checkCpuRate:N0}", "> 1,000,000", checkCpuRate > 1_000_000);
        report.Add("Check decisions/s (wall clock)", $"{checkWallRate:N0}");
        report.Add("Check mean CPU time per decision", $"{1e9 / checkCpuRate:N0} ns");
        report.Add("bytes allocated in timed Check rounds", $"{checkAllocations:N0}", "0", checkAllocations == 0);
        report.Add("allowed share of questions", $"{allowedShare:P1}");

        progress.WriteLine("measuring GetKubernetesAccess and GetProjectsWith…");
        var (accessWallRate, accessCpuRate) = MeasureKubernetesAccess(snapshot, state);
        report.Add("GetKubernetesAccess calls/s on one core (CPU)", $"{accessCpuRate:N0}");
        report.Add("GetKubernetesAccess calls/s (wall clock)", $"{accessWallRate:N0}");
        var (projectsWallRate, projectsCpuRate) = MeasureProjectsWith(snapshot, state);
        report.Add("GetProjectsWith calls/s on one core (CPU)", $"{projectsCpuRate:N0}");
        report.Add("GetProjectsWith calls/s (wall clock)", $"{projectsWallRate:N0}");
        return report;
    }

    private static (TimeSpan Wall, TimeSpan Cpu, PolicySnapshot Last, long Bytes) MeasureBuild(DirectoryState state)
    {
        PolicySnapshot.Build(state, 0);
        var wall = new TimeSpan[Rounds];
        var cpu = new TimeSpan[Rounds];
        PolicySnapshot? last = null;
        long bytes = 0;
        for (var i = 0; i < Rounds; i++)
        {
            last = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var timer = RunTimer.Start();
            last = PolicySnapshot.Build(state, i + 1);
            (wall[i], cpu[i]) = timer.Stop();
            bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        }

        return (Median(wall), Median(cpu), last!, bytes);
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

    private static (double WallRate, double CpuRate, long BytesAllocated) MeasureCheck(PolicySnapshot snapshot, PolicyQuestion[] questions)
    {
        RunChecks(snapshot, questions, CheckIterations);
        var wallRates = new double[Rounds];
        var cpuRates = new double[Rounds];
        long allocated = 0;
        for (var r = 0; r < Rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var timer = RunTimer.Start();
            RunChecks(snapshot, questions, CheckIterations);
            var (wall, cpu) = timer.Stop();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            (wallRates[r], cpuRates[r]) = (CheckIterations / wall.TotalSeconds, CheckIterations / cpu.TotalSeconds);
        }

        return (Median(wallRates), Median(cpuRates), allocated);
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
    private static (double WallRate, double CpuRate) MeasureKubernetesAccess(PolicySnapshot snapshot, DirectoryState state)
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

    private static (double WallRate, double CpuRate) MeasureProjectsWith(PolicySnapshot snapshot, DirectoryState state)
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

    private static (double WallRate, double CpuRate) MeasureRate(int iterations, Func<int, int> call)
    {
        var sink = 0;
        for (var i = 0; i < iterations / 4; i++) sink += call(i);
        var wallRates = new double[Rounds];
        var cpuRates = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            var timer = RunTimer.Start();
            for (var i = 0; i < iterations; i++) sink += call(i);
            var (wall, cpu) = timer.Stop();
            (wallRates[r], cpuRates[r]) = (iterations / wall.TotalSeconds, iterations / cpu.TotalSeconds);
        }

        GC.KeepAlive(sink);
        return (Median(wallRates), Median(cpuRates));
    }

    private static string Fresh(string value) => new(value.AsSpan());

    private static T Median<T>(T[] values) => values.Order().ElementAt(values.Length / 2);
}
