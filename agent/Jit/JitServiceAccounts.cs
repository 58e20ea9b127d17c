using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Paralus.Agent.ApiServer;
using Paralus.Domain.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Paralus.Agent.Jit;

/// <summary>
/// Makes a user's just-in-time service account and its bindings match their access spec, and hands out a short-lived
/// token for it. A spec version already in place with a token far from expiry costs no API call, so steady-state
/// requests go straight through; a changed spec (access granted or taken away) is reconciled on the next request.
/// </summary>
internal sealed partial class JitServiceAccounts(ApiServerTarget target, IOptions<JitOptions> options, TimeProvider time, ILogger<JitServiceAccounts> logger)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan IncompleteRetry = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    // The specs in place whose namespace role reaches every namespace: a namespace that appears gets their RoleBindings.
    private readonly ConcurrentDictionary<string, JitAccessSpec> _everyNamespace = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _baseLock = new(1, 1);
    private bool _baseReady;

    private sealed record CachedToken(string SpecVersion, string Token, DateTimeOffset RenewAt, DateTimeOffset LastUsedWritten);

    private IKubernetes Client => target.Client;

    public async Task<string> GetTokenAsync(JitAccessSpec spec, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(spec.ServiceAccountName, out var cached) && cached.SpecVersion == spec.SpecVersion && now < cached.RenewAt)
        {
            if (now - cached.LastUsedWritten > LastUsedResolution) await TouchAsync(spec, now, cancellationToken);
            return cached.Token;
        }

        var gate = _locks.GetOrAdd(spec.ServiceAccountName, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_tokens.TryGetValue(spec.ServiceAccountName, out cached) && cached.SpecVersion == spec.SpecVersion && time.GetUtcNow() < cached.RenewAt) return cached.Token;
            var complete = await ReconcileAsync(spec, cancellationToken);
            var (token, expires) = await RequestTokenAsync(spec, cancellationToken);
            now = time.GetUtcNow();
            var renewAt = complete ? expires - RenewBefore : now + IncompleteRetry;
            _tokens[spec.ServiceAccountName] = new CachedToken(spec.SpecVersion, token, renewAt, now);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The Paralus-managed service accounts in the cluster, with their labels.</summary>
    public async Task<IReadOnlyList<V1ServiceAccount>> ListAsync(CancellationToken cancellationToken) =>
        (await Client.CoreV1.ListNamespacedServiceAccountAsync(JitAccessSpec.ServiceAccountNamespace, labelSelector: JitLabels.ManagedSelector, cancellationToken: cancellationToken)).Items.ToArray();

    /// <summary>
    /// Brings an existing account's bindings to <paramref name="spec"/> now, instead of at the user's next request.
    /// False when the user has no account in this cluster: nothing is created ahead of use.
    /// </summary>
    public async Task<bool> UpdateIfPresentAsync(JitAccessSpec spec, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(spec.ServiceAccountName, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            try
            {
                await Client.CoreV1.ReadNamespacedServiceAccountAsync(spec.ServiceAccountName, JitAccessSpec.ServiceAccountNamespace, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted behind our back: a cached token of it is worthless, the next request makes a new one.
                _tokens.TryRemove(spec.ServiceAccountName, out _);
                return false;
            }
            var complete = await ReconcileAsync(spec, cancellationToken);
            // The token stays valid (same account); only the version it was reconciled at moves.
            if (complete && _tokens.TryGetValue(spec.ServiceAccountName, out var cached)) _tokens[spec.ServiceAccountName] = cached with { SpecVersion = spec.SpecVersion };
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Deletes a user's account and every binding labelled as theirs; its tokens die with it.</summary>
    public async Task DeleteAsync(string serviceAccountName, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(serviceAccountName, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            _tokens.TryRemove(serviceAccountName, out _);
            _everyNamespace.TryRemove(serviceAccountName, out _);
            var selector = JitLabels.UserSelector(serviceAccountName);
            foreach (var binding in (await Client.RbacAuthorizationV1.ListClusterRoleBindingAsync(labelSelector: selector, cancellationToken: cancellationToken)).Items)
            {
                await KubernetesCalls.IgnoreNotFoundAsync(() => Client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(binding.Metadata.Name, cancellationToken: cancellationToken));
            }
            foreach (var binding in (await Client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(labelSelector: selector, cancellationToken: cancellationToken)).Items)
            {
                await KubernetesCalls.IgnoreNotFoundAsync(() => Client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(binding.Metadata.Name, binding.Metadata.NamespaceProperty, cancellationToken: cancellationToken));
            }
            await KubernetesCalls.IgnoreNotFoundAsync(() => Client.CoreV1.DeleteNamespacedServiceAccountAsync(serviceAccountName, JitAccessSpec.ServiceAccountNamespace, cancellationToken: cancellationToken));
            LogDeleted(logger, serviceAccountName);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>False when a binding could not be created yet (its namespace does not exist): retried soon.</summary>
    private async Task<bool> ReconcileAsync(JitAccessSpec spec, CancellationToken cancellationToken)
    {
        await EnsureBaseAsync(cancellationToken);
        var labels = new Dictionary<string, string>(spec.Labels) { [JitLabels.LastUsed] = time.GetUtcNow().ToUnixTimeSeconds().ToString() };
        await KubernetesCalls.CreateIfMissingAsync(() => Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount
        {
            Metadata = new V1ObjectMeta { Name = spec.ServiceAccountName, Labels = labels },
        }, JitAccessSpec.ServiceAccountNamespace, cancellationToken: cancellationToken));

        var selector = JitLabels.UserSelector(spec.ServiceAccountName);
        var subject = SubjectOf(spec);

        var existingClusterBindings = await Client.RbacAuthorizationV1.ListClusterRoleBindingAsync(labelSelector: selector, cancellationToken: cancellationToken);
        foreach (var stale in existingClusterBindings.Items.Where(b => spec.ClusterRoleBindings.All(d => d.Name != b.Metadata.Name)))
        {
            await KubernetesCalls.IgnoreNotFoundAsync(() => Client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(stale.Metadata.Name, cancellationToken: cancellationToken));
        }
        foreach (var wanted in spec.ClusterRoleBindings.Where(d => existingClusterBindings.Items.All(b => b.Metadata.Name != d.Name)))
        {
            await KubernetesCalls.CreateIfMissingAsync(() => Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = wanted.Name, Labels = spec.Labels.ToDictionary() },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = wanted.ClusterRoleName },
                Subjects = [subject],
            }, cancellationToken: cancellationToken));
        }

        var complete = true;
        var wantedBindings = spec.RoleBindings.ToList();
        if (spec.EveryNamespaceRole is not null)
        {
            // Listed after the account is registered for new namespaces, so none falls between the list and the watch.
            _everyNamespace[spec.ServiceAccountName] = spec;
            var namespaces = await Client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken);
            wantedBindings.AddRange(namespaces.Items.Select(n => spec.EveryNamespaceBindingIn(n.Metadata.Name)).OfType<JitRoleBinding>());
        }
        else
        {
            _everyNamespace.TryRemove(spec.ServiceAccountName, out _);
        }

        var existingBindings = await Client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(labelSelector: selector, cancellationToken: cancellationToken);
        foreach (var stale in existingBindings.Items.Where(b => wantedBindings.All(d => d.Name != b.Metadata.Name || d.Namespace != b.Metadata.NamespaceProperty)))
        {
            await KubernetesCalls.IgnoreNotFoundAsync(() => Client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(stale.Metadata.Name, stale.Metadata.NamespaceProperty, cancellationToken: cancellationToken));
        }
        foreach (var wanted in wantedBindings.Where(d => existingBindings.Items.All(b => b.Metadata.Name != d.Name || b.Metadata.NamespaceProperty != d.Namespace)))
        {
            complete &= await CreateRoleBindingAsync(spec, wanted, subject, cancellationToken);
        }

        LogReconciled(logger, spec.ServiceAccountName, spec.SpecVersion, spec.ClusterRoleBindings.Count, wantedBindings.Count);
        return complete;
    }

    /// <summary>Gives every account whose namespace role reaches every namespace its RoleBinding in a namespace that has just appeared.</summary>
    public async Task BindNewNamespaceAsync(string @namespace, CancellationToken cancellationToken)
    {
        foreach (var spec in _everyNamespace.Values)
        {
            if (spec.EveryNamespaceBindingIn(@namespace) is not { } binding) continue;
            var gate = _locks.GetOrAdd(spec.ServiceAccountName, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            try
            {
                // Only while that spec is still the one in place: a reconcile meanwhile may have narrowed or deleted it.
                if (_everyNamespace.TryGetValue(spec.ServiceAccountName, out var current) && current.Equals(spec))
                {
                    await CreateRoleBindingAsync(spec, binding, SubjectOf(spec), cancellationToken);
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>False when the namespace does not exist (yet).</summary>
    private async Task<bool> CreateRoleBindingAsync(JitAccessSpec spec, JitRoleBinding wanted, Rbacv1Subject subject, CancellationToken cancellationToken)
    {
        try
        {
            await KubernetesCalls.CreateIfMissingAsync(() => Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = wanted.Name, Labels = spec.Labels.ToDictionary() },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = wanted.ClusterRoleName },
                Subjects = [subject],
            }, wanted.Namespace, cancellationToken: cancellationToken));
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static Rbacv1Subject SubjectOf(JitAccessSpec spec) =>
        new() { Kind = "ServiceAccount", Name = spec.ServiceAccountName, NamespaceProperty = JitAccessSpec.ServiceAccountNamespace };

    private async Task<(string Token, DateTimeOffset Expires)> RequestTokenAsync(JitAccessSpec spec, CancellationToken cancellationToken)
    {
        var response = await Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { ExpirationSeconds = (long)options.Value.TokenLifetime.TotalSeconds },
        }, spec.ServiceAccountName, JitAccessSpec.ServiceAccountNamespace, cancellationToken: cancellationToken);
        // The granted lifetime counted on the agent's own clock, not the apiserver's expiry time: a node clock off
        // from the apiserver's would otherwise renew on every request, or keep using a token past its end.
        var granted = response.Spec.ExpirationSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : options.Value.TokenLifetime;
        return (response.Status.Token, time.GetUtcNow() + granted);
    }

    private async Task TouchAsync(JitAccessSpec spec, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_tokens.TryGetValue(spec.ServiceAccountName, out var cached)) _tokens[spec.ServiceAccountName] = cached with { LastUsedWritten = now };
        var body = new { metadata = new { labels = new Dictionary<string, string> { [JitLabels.LastUsed] = now.ToUnixTimeSeconds().ToString() } } };
        var patch = new V1Patch(System.Text.Json.JsonSerializer.Serialize(body), V1Patch.PatchType.MergePatch);
        await KubernetesCalls.IgnoreNotFoundAsync(() => Client.CoreV1.PatchNamespacedServiceAccountAsync(patch, spec.ServiceAccountName, JitAccessSpec.ServiceAccountNamespace, cancellationToken: cancellationToken));
    }

    /// <summary>The namespace and the four ClusterRoles the bindings point at, once per agent start.</summary>
    private async Task EnsureBaseAsync(CancellationToken cancellationToken)
    {
        if (_baseReady) return;
        await _baseLock.WaitAsync(cancellationToken);
        try
        {
            if (_baseReady) return;
            await KubernetesCalls.CreateIfMissingAsync(() => Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = JitAccessSpec.ServiceAccountNamespace } }, cancellationToken: cancellationToken));
            foreach (var role in JitClusterRoles.All)
            {
                var body = new V1ClusterRole
                {
                    Metadata = new V1ObjectMeta { Name = role.Name, Labels = new Dictionary<string, string> { [JitAccessSpec.ManagedByLabel] = JitAccessSpec.ManagedByValue } },
                    Rules = role.Rules.Select(r => new V1PolicyRule { ApiGroups = r.ApiGroups.ToList(), Resources = r.Resources.ToList(), Verbs = r.Verbs.ToList() }).ToList(),
                };
                await KubernetesCalls.CreateIfMissingAsync(() => Client.RbacAuthorizationV1.CreateClusterRoleAsync(body, cancellationToken: cancellationToken));
            }
            _baseReady = true;
        }
        finally
        {
            _baseLock.Release();
        }
    }

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Deleted JIT service account {ServiceAccount} and its bindings")]
    private static partial void LogDeleted(ILogger logger, string serviceAccount);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "JIT service account {ServiceAccount} at spec {SpecVersion}: {ClusterBindings} cluster and {Bindings} namespace bindings")]
    private static partial void LogReconciled(ILogger logger, string serviceAccount, string specVersion, int clusterBindings, int bindings);
}
