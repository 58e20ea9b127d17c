using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Paralus.Bench.Relay;
using Paralus.Domain.AccessEvents;
using Paralus.Domain.Contracts;
using Paralus.Domain.Kubernetes;
using Paralus.Sandbox.Hosting;

namespace Paralus.Bench.Revocation;

/// <summary>
/// How fast taken-away access takes effect everywhere: users holding open watches across two relays lose their
/// access one at a time, and each revocation is timed from the API call to (a) new requests refused on every relay,
/// (b) the open stream closed, (c) the JIT service account deleted in the cluster. Access events travel through a
/// real RabbitMQ; the relays' storage polls are slow enough that only events can explain results under a second.
/// </summary>
internal sealed class RevocationBenchmark : IBenchmark
{
    private const string UsersVariable = "PARALUS_BENCH_REVOCATION_USERS";
    private const int DefaultUsers = 200;
    private const int Relays = 2;
    private const int SetupParallelism = 8;
    private const int RefreshSamples = 20;
    private static readonly TimeSpan SnapshotRefresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SubscribedRefresh = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan EffectDeadline = TimeSpan.FromSeconds(10);
    // No revocation starts past this, so a run whose effects never come still ends within minutes.
    private static readonly TimeSpan RevocationBudget = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RefusedTarget = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ClosedTarget = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DeletedTarget = TimeSpan.FromSeconds(3);

    public string Name => "revocation";

    public string Description => $"revocation latency, users with open watches on two relays ({UsersVariable}, default {DefaultUsers}): refused, streams closed, accounts deleted";

    public BenchmarkReport Run(TextWriter progress) => RunAsync(progress).GetAwaiter().GetResult();

    private static async Task<BenchmarkReport> RunAsync(TextWriter progress)
    {
        var userCount = UserCount();
        var run = Stopwatch.StartNew();
        progress.WriteLine($"starting Azurite, RabbitMQ, the control plane, {userCount} users (project admins, signed in), the sandbox, two relays and the agent…");
        await using var stack = await RelayBenchStack.StartAsync(new RelayBenchOptions
        {
            Relays = Relays,
            WithBroker = true,
            SnapshotRefreshInterval = SnapshotRefresh,
            SubscribedRefreshInterval = SubscribedRefresh,
            Users = userCount,
            UserPrefix = "revoke",
        });
        var users = stack.Users;
        var phases = new List<(string Phase, TimeSpan Took)> { ("stack started", run.Elapsed), ($"of which creating {userCount} users", stack.UsersCreatedIn) };

        progress.WriteLine("each user's first request (their JIT service account), then one open watch each…");
        var phase = Stopwatch.StartNew();
        await FirstRequestsAsync(stack, users);
        await EnsureAccountsExistAsync(stack.Sandbox, users);
        await using var deletions = await ServiceAccountDeletions.StartAsync(stack.Sandbox);
        await using var observer = await AccessEventObserver.StartAsync(stack.Broker!);
        var watches = await OpenWatchesAsync(stack, users);
        try
        {
            phases.Add(("first requests and watches", phase.Elapsed));
            progress.WriteLine($"revoking {userCount} users one at a time…");
            phase.Restart();
            using var poller = new RefusalPoller(Enumerable.Range(0, Relays).Select(relay => stack.RelayAs(stack.AdminToken, relay)).ToArray());
            using var admin = stack.ControlPlaneAsAdmin();
            var samples = new List<RevocationSample>(userCount);
            for (var i = 0; i < users.Count && phase.Elapsed < RevocationBudget; i++)
            {
                var sample = await RevokeAsync(i, users[i], watches[i], admin, poller, deletions, observer);
                samples.Add(sample);
                if ((i + 1) % 25 == 0 || sample.RefusedEverywhereMs is null || sample.StreamClosedMs is null || sample.AccountDeletedMs is null)
                {
                    progress.WriteLine($"  {i + 1} revoked after {phase.Elapsed.TotalSeconds:N0} s; last: refused {Shown(sample.RefusedEverywhereMs)}, " +
                        $"closed {Shown(sample.StreamClosedMs)}, deleted {Shown(sample.AccountDeletedMs)}");
                }
            }
            phases.Add(("revocations", phase.Elapsed));
            progress.WriteLine("timing a relay's refresh alone…");
            var refresh = await RefreshCostProbe.MeasureAsync(stack.ControlPlaneServices, RefreshSamples);
            phases.Add(("whole run", run.Elapsed));
            return Report(userCount, samples, deletions.Count, refresh, phases);
        }
        finally
        {
            foreach (var watch in watches) watch.Dispose();
        }
    }

    private static int UserCount()
    {
        var configured = Environment.GetEnvironmentVariable(UsersVariable);
        if (string.IsNullOrEmpty(configured)) return DefaultUsers;
        return int.TryParse(configured, CultureInfo.InvariantCulture, out var count) && count >= Relays
            ? count
            : throw new InvalidOperationException($"{UsersVariable}={configured}: give a whole number of at least {Relays}");
    }

    /// <summary>One request per user, alternating relays: the agent creates each user's JIT service account on it.</summary>
    private static Task FirstRequestsAsync(RelayBenchStack stack, IReadOnlyList<BenchUser> users) =>
        Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism }, async (i, cancellationToken) =>
        {
            var target = stack.RelayAs(users[i].Token, i % Relays);
            using var client = target.CreateClient(maxConnections: 1);
            using var response = await client.GetAsync(target.PathOf(RelayBenchStack.PodPath), cancellationToken);
            response.EnsureSuccessStatusCode();
        });

    private static async Task EnsureAccountsExistAsync(SandboxHost sandbox, IReadOnlyList<BenchUser> users)
    {
        using var client = sandbox.CreateHttpClient();
        using var list = JsonDocument.Parse(await client.GetStringAsync("api/v1/namespaces/paralus-system/serviceaccounts"));
        var present = list.RootElement.GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("metadata").GetProperty("name").GetString()).ToHashSet(StringComparer.Ordinal);
        var missing = users.Count(user => !present.Contains(ServiceAccountNames.ForUser(user.Name)));
        if (missing > 0) throw new InvalidOperationException($"{missing} of {users.Count} users have no JIT service account after their first request");
    }

    /// <summary>User i's watch goes through relay i mod 2; a batch at a time, like the relay benchmark's watches.</summary>
    private static async Task<HeldWatch[]> OpenWatchesAsync(RelayBenchStack stack, IReadOnlyList<BenchUser> users)
    {
        var watches = new HeldWatch?[users.Count];
        try
        {
            foreach (var batch in Enumerable.Range(0, users.Count).Chunk(SetupParallelism * 4))
            {
                await Task.WhenAll(batch.Select(async i => watches[i] = await HeldWatch.OpenAsync(stack.RelayAs(users[i].Token, i % Relays))));
            }
            return watches.Select(w => w!).ToArray();
        }
        catch
        {
            foreach (var watch in watches) watch?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes one user's access away and waits for all three effects (or the deadline). Mechanisms alternate in pairs,
    /// so each meets watches on both relays.
    /// </summary>
    private static async Task<RevocationSample> RevokeAsync(int index, BenchUser user, HeldWatch watch, HttpClient admin,
        RefusalPoller poller, ServiceAccountDeletions deletions, AccessEventObserver observer)
    {
        var mechanism = index / 2 % 2 == 0 ? RevocationMechanism.Deactivate : RevocationMechanism.RemoveBinding;
        var (changeType, changedId) = mechanism == RevocationMechanism.Deactivate
            ? (AccessEventTypes.UserDeactivated, user.Id)
            : (AccessEventTypes.BindingDeleted, user.BindingId);
        var streamEndedBefore = watch.Ended.IsCompleted;

        var revoked = Stopwatch.GetTimestamp();
        var deadline = revoked + (long)(EffectDeadline.TotalSeconds * Stopwatch.Frequency);
        var answered = CallApiAsync(admin, user, mechanism);
        var refused = poller.UntilRefusedAsync(user.Token, deadline);
        var received = ByDeadlineAsync(observer.ReceivedAsync(changeType, changedId), deadline);
        var closed = ByDeadlineAsync(watch.Ended, deadline);
        var deleted = ByDeadlineAsync(deletions.DeletedAsync(ServiceAccountNames.ForUser(user.Name)), deadline);
        await Task.WhenAll(answered, refused, received, closed, deleted);

        double? Ms(long? at) => at is { } timestamp ? Stopwatch.GetElapsedTime(revoked, timestamp).TotalMilliseconds : null;
        return new RevocationSample(mechanism, Ms(await answered)!.Value, Ms(await received), (await refused).Select(Ms).ToArray(),
            streamEndedBefore ? null : Ms(await closed), Ms(await deleted), streamEndedBefore);
    }

    /// <returns>The Stopwatch timestamp at which the control plane answered.</returns>
    private static async Task<long> CallApiAsync(HttpClient admin, BenchUser user, RevocationMechanism mechanism)
    {
        using var response = mechanism == RevocationMechanism.Deactivate
            ? await admin.PatchAsJsonAsync($"/api/v1/users/{user.Name}", new UpdateUserRequest(Active: false))
            : await admin.DeleteAsync($"/api/v1/rolebindings/{user.BindingId}");
        var at = Stopwatch.GetTimestamp();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{mechanism} {user.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return at;
    }

    private static async Task<long?> ByDeadlineAsync(Task<long> effect, long deadline)
    {
        var left = Math.Max(0, deadline - Stopwatch.GetTimestamp());
        try
        {
            return await effect.WaitAsync(TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency));
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static BenchmarkReport Report(int userCount, List<RevocationSample> samples, int accountsDeleted, RefreshCost refresh, List<(string Phase, TimeSpan Took)> phases)
    {
        var refused = Spread.Of(samples.Select(s => s.RefusedEverywhereMs));
        var closed = Spread.Of(samples.Select(s => s.StreamClosedMs));
        var deleted = Spread.Of(samples.Select(s => s.AccountDeletedMs));
        var effects = new[]
        {
            ("(a) new requests refused on both relays", refused, RefusedTarget),
            ("(b) open watch closed", closed, ClosedTarget),
            ("(c) service account deleted", deleted, DeletedTarget),
        };

        var setup = new StringBuilder();
        setup.AppendLine("Azurite and RabbitMQ (child processes), the control plane, the sandbox apiserver, two relays and the agent run in this process on loopback, logging at Error. ");
        setup.AppendLine("Access events go control plane → outbox → RabbitMQ (AMQP 1.0) → each relay; the relays poll storage only every " +
            $"{SnapshotRefresh.TotalSeconds:0} s ({SubscribedRefresh.TotalSeconds:0} s while subscribed), so only events can explain results under a second. The agent holds a tunnel to each relay.");
        setup.AppendLine().AppendLine($"{userCount} users, created through the API before the relays start (four at a time), each PROJECT_ADMIN on the bench project through a binding of their own " +
            "and signed in (session token as bearer). " +
            "Each made one request first, so their JIT service account exists in the sandbox, then holds one `GET /clusters/bench-1/api/v1/namespaces/default/pods?watch=1` " +
            "on a connection of its own: user i through relay 1 + (i mod 2).");
        setup.AppendLine().AppendLine("**One revocation at a time**: the next starts only when the previous one's three effects were seen (or the deadline passed), " +
            "so every figure is one revocation's latency, not a batch's (a relay refresh or the agent's serial reconciler would otherwise serve several at once). " +
            "The mechanism alternates in pairs: deactivate the user (`PATCH /api/v1/users/NAME {\"active\": false}`) or delete their only binding " +
            "(`DELETE /api/v1/rolebindings/ID`). The clock starts just before the API call; concurrently " +
            $"(a) a fresh GET of the pod as the user through each relay, every {RefusalPoller.Pause.TotalMilliseconds:0} ms, until both answer 401/403/404 (the later relay counts); " +
            "(b) the user's open watch ends; (c) the DELETED event of the user's service account arrives on one admin watch of `paralus-system` service accounts directly against the sandbox. " +
            $"An effect not seen within {EffectDeadline.TotalSeconds:0} s counts as never (infinitely late) and fails its target.");

        setup.AppendLine().AppendLine("| effect (ms from the API call) | p50 | p99 | max | seen within deadline | target | result |");
        setup.AppendLine("|---|---:|---:|---:|---:|---|---|");
        foreach (var (effect, spread, target) in effects)
            setup.AppendLine($"| {effect} | {spread.Row} | p99 ≤ {target.TotalMilliseconds:N0} | {(Passed(spread, target) ? "pass" : "FAIL")} |");

        setup.AppendLine().AppendLine("**Where the time goes** (each stage from the API call; the access event is seen by a third subscriber on the broker beside the relays):");
        setup.AppendLine().AppendLine("| stage | p50 | p99 | max | seen |").AppendLine("|---|---:|---:|---:|---:|");
        setup.AppendLine($"| API call answered | {Spread.Of(samples.Select(s => (double?)s.ApiMs)).Row} |");
        setup.AppendLine($"| access event delivered by the broker | {Spread.Of(samples.Select(s => s.EventMs)).Row} |");
        for (var relay = 0; relay < Relays; relay++) setup.AppendLine($"| refused by relay {relay + 1} | {Spread.Of(samples.Select(s => s.RefusedMs[relay])).Row} |");
        setup.AppendLine($"| (a) refused by both | {refused.Row} |");
        setup.AppendLine($"| (b) watch closed | {closed.Row} |");
        setup.AppendLine($"| (c) service account deleted | {deleted.Row} |");
        setup.AppendLine($"| (b) − event: relay re-reads the directory, ends the stream | {Spread.Of(samples.Select(s => s.StreamAfterEventMs)).Row} |");
        setup.AppendLine($"| (c) − (b): relay → agent reconcile → deletion | {Spread.Of(samples.Select(s => s.AccountAfterStreamMs)).Row} |");

        setup.AppendLine().AppendLine($"For comparison, what each relay does on every event before it can refuse or end anything, timed alone after the revocations " +
            $"({RefreshSamples} times; {refresh.Users} users, {refresh.Bindings} bindings, {refresh.Memberships} memberships): re-reading the directory partition from Azurite " +
            $"{refresh.Load.P50:N1} ms p50 ({refresh.Load.Max:N1} max), building the policy snapshot {refresh.Build.P50:N1} ms p50 ({refresh.Build.Max:N1} max).");

        setup.AppendLine().AppendLine("| mechanism | revocations | (a) p50 / p99 | (b) p50 / p99 | (c) p50 / p99 |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var group in samples.GroupBy(s => s.Mechanism))
        {
            var (a, b, c) = (Spread.Of(group.Select(s => s.RefusedEverywhereMs)), Spread.Of(group.Select(s => s.StreamClosedMs)), Spread.Of(group.Select(s => s.AccountDeletedMs)));
            setup.AppendLine($"| {group.Key} | {group.Count()} | {Spread.Ms(a.P50)} / {Spread.Ms(a.P99)} | {Spread.Ms(b.P50)} / {Spread.Ms(b.P99)} | {Spread.Ms(c.P50)} / {Spread.Ms(c.P99)} |");
        }

        setup.AppendLine().AppendLine("| run phase | took |").AppendLine("|---|---:|");
        foreach (var (name, took) in phases) setup.AppendLine($"| {name} | {took.TotalSeconds:N1} s |");

        var report = new BenchmarkReport("Revocation benchmark", setup.ToString().TrimEnd());
        foreach (var (effect, spread, target) in effects)
            report.Add($"{effect}, p99", $"{Spread.Ms(spread.P99)} ms", $"≤ {target.TotalMilliseconds:N0} ms, all within {EffectDeadline.TotalSeconds:0} s", Passed(spread, target));
        report.Add("revocations done", $"{samples.Count} of {userCount}", "all", samples.Count == userCount);
        report.Add("users / relays", $"{userCount} / {Relays}");
        report.Add("open watches closed by their revocation", $"{samples.Count(s => s.StreamClosedMs is not null)} of {samples.Count}");
        report.Add("watches that had ended before their revocation", samples.Count(s => s.StreamEndedBefore).ToString(CultureInfo.InvariantCulture));
        report.Add("service accounts deleted (DELETED events seen)", $"{accountsDeleted} of {samples.Count}");
        return report;
    }

    private static bool Passed(Spread spread, TimeSpan target) => spread.Missed == 0 && spread.P99 <= target.TotalMilliseconds;

    private static string Shown(double? milliseconds) => milliseconds is { } ms ? $"{ms:N0} ms" : "never";
}
