using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>create cluster … --kubeconfig F --wait</c>: after the manifest is applied, polls the cluster until a relay reports
/// its agent connected (relays report every few seconds), with a spinner, like <c>kubectl wait</c>.
/// </summary>
internal static class AgentConnectionWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>0 once connected (and says so on stdout), 1 when the timeout passes first (and says what to look at).</summary>
    public static async Task<int> WaitAsync(CommandInvocation invocation, string cluster, TimeSpan timeout, string kubeconfig)
    {
        var time = invocation.Context.TimeProvider;
        var deadline = time.GetUtcNow() + timeout;
        using (ProgressSpinner.Start(invocation.Context.Console, time, $"Waiting for the agent of cluster/{cluster} to connect"))
        {
            while (true)
            {
                var current = await invocation.Api.GetAsync<ClusterResource>(ClusterCommands.Kind.ItemPath(cluster), invocation.CancellationToken);
                if (current.Status.ConnectedRelays.Count > 0)
                {
                    invocation.Out.WriteLine($"cluster/{cluster} connected (relays: {string.Join(", ", current.Status.ConnectedRelays)})");
                    return 0;
                }
                if (time.GetUtcNow() >= deadline) break;
                await Task.Delay(PollInterval, time, invocation.CancellationToken);
            }
        }

        invocation.Context.Console.Error.WriteLine(
            $"error: timed out after {DurationFormat.Format((long)timeout.TotalSeconds)} waiting for the agent of cluster/{cluster} to connect. " +
            $"Check it with 'kubectl --kubeconfig {kubeconfig} -n paralus-system logs deploy/paralus-agent'; its token works until it expires, " +
            $"and 'paralus get clusters' shows when it connects.");
        return 1;
    }
}
