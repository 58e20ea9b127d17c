using k8s;
using Microsoft.Extensions.Options;
using Paralus.Agent.Forwarding;
using Paralus.Core.Kubernetes;

namespace Paralus.Agent.Jit;

/// <summary>Deletes JIT service accounts (and their bindings) whose user has not sent a request for longer than the inactivity timeout.</summary>
internal sealed partial class JitSweeper(ApiServerTarget target, JitServiceAccounts accounts, IOptions<JitOptions> options, TimeProvider time, ILogger<JitSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e.Message);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = (time.GetUtcNow() - options.Value.InactivityTimeout).ToUnixTimeSeconds();
        var client = target.Client;
        var accountsList = await client.CoreV1.ListNamespacedServiceAccountAsync(JitAccessSpec.ServiceAccountNamespace, labelSelector: JitLabels.ManagedSelector, cancellationToken: cancellationToken);
        var swept = 0;
        foreach (var account in accountsList.Items)
        {
            var labels = account.Metadata.Labels ?? new Dictionary<string, string>();
            if (!labels.TryGetValue(JitLabels.LastUsed, out var lastUsed) || !long.TryParse(lastUsed, out var seconds) || seconds >= cutoff) continue;
            var selector = $"{JitLabels.ManagedSelector},{JitAccessSpec.UserLabel}={labels[JitAccessSpec.UserLabel]}";
            foreach (var binding in (await client.RbacAuthorizationV1.ListClusterRoleBindingAsync(labelSelector: selector, cancellationToken: cancellationToken)).Items)
            {
                await KubernetesCalls.IgnoreNotFoundAsync(() => client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(binding.Metadata.Name, cancellationToken: cancellationToken));
            }
            foreach (var binding in (await client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(labelSelector: selector, cancellationToken: cancellationToken)).Items)
            {
                await KubernetesCalls.IgnoreNotFoundAsync(() => client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(binding.Metadata.Name, binding.Metadata.NamespaceProperty, cancellationToken: cancellationToken));
            }
            await KubernetesCalls.IgnoreNotFoundAsync(() => client.CoreV1.DeleteNamespacedServiceAccountAsync(account.Metadata.Name, JitAccessSpec.ServiceAccountNamespace, cancellationToken: cancellationToken));
            accounts.Forget(account.Metadata.Name);
            LogSwept(logger, account.Metadata.Name);
            swept++;
        }
        return swept;
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Deleted idle JIT service account {ServiceAccount}")]
    private static partial void LogSwept(ILogger logger, string serviceAccount);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Sweeping JIT service accounts failed: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
