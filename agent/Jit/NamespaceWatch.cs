using Paralus.Agent.ApiServer;
using k8s;

namespace Paralus.Agent.Jit;

/// <summary>
/// Watches the cluster's namespaces so a namespace role on every namespace ("*") reaches a new namespace as soon as it
/// appears: such roles are RoleBindings in each namespace (<see cref="Domain.Kubernetes.JitAccessSpec.EveryNamespaceRole"/>),
/// never one ClusterRoleBinding. After a broken watch it lists again and binds what it had not seen.
/// </summary>
internal sealed partial class NamespaceWatch(ApiServerTarget target, JitServiceAccounts accounts, TimeProvider time, ILogger<NamespaceWatch> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var list = await target.Client.CoreV1.ListNamespaceAsync(cancellationToken: stoppingToken);
                foreach (var item in list.Items)
                {
                    if (_seen.Add(item.Metadata.Name)) await accounts.BindNewNamespaceAsync(item.Metadata.Name, stoppingToken);
                }

                var events = target.Client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stoppingToken);
                await foreach (var (type, item) in events)
                {
                    if (type == WatchEventType.Added && _seen.Add(item.Metadata.Name)) await accounts.BindNewNamespaceAsync(item.Metadata.Name, stoppingToken);
                    else if (type == WatchEventType.Deleted) _seen.Remove(item.Metadata.Name);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogWatchFailed(logger, e.Message);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Watching namespaces failed, listing again shortly: {Reason}")]
    private static partial void LogWatchFailed(ILogger logger, string reason);
}
