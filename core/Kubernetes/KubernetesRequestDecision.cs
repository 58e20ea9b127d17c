using Paralus.Core.Policy;

namespace Paralus.Core.Kubernetes;

/// <summary>
/// The relay's answer to one kubectl request: allowed by a grant, or denied with a short reason
/// (<c>read-only access: exec is not allowed</c>) for audit and for the Forbidden message.
/// </summary>
public readonly struct KubernetesRequestDecision
{
    private KubernetesRequestDecision(KubernetesRequestInfo request, PolicyGrant? grant, string? denialReason)
    {
        Request = request;
        Grant = grant;
        DenialReason = denialReason;
    }

    public KubernetesRequestInfo Request { get; }

    public bool IsAllowed => DenialReason is null;

    /// <summary>
    /// The binding whose level the request needed; null when denied, and for discovery, which any
    /// access to the cluster allows.
    /// </summary>
    public PolicyGrant? Grant { get; }

    /// <summary>Null when allowed.</summary>
    public string? DenialReason { get; }

    internal static KubernetesRequestDecision Allow(KubernetesRequestInfo request, PolicyGrant? grant) => new(request, grant, null);

    internal static KubernetesRequestDecision Deny(KubernetesRequestInfo request, string reason) => new(request, null, reason);

    /// <summary>The apiserver's Forbidden text for this request, exactly as an RBAC denial reads.</summary>
    public string ForbiddenMessage(string userName) => KubernetesForbiddenMessage.For(Request, userName);

    /// <summary>The same text with the Paralus reason appended, as the apiserver appends an authorizer's reason.</summary>
    public string ForbiddenMessageWithReason(string userName) => KubernetesForbiddenMessage.For(Request, userName, DenialReason);

    public override string ToString() => DenialReason is null
        ? $"allowed: {Request}{(Grant is null ? "" : $" ({Grant})")}"
        : $"denied: {Request}: {DenialReason}";
}
