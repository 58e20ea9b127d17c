using Paralus.Domain.Policy;

namespace Paralus.Domain.Kubernetes;

/// <summary>
/// The relay's answer to one kubectl request: allowed by a grant, or denied with a short reason
/// (<c>read-only access: exec is not allowed</c>) for audit and for the Forbidden message.
/// </summary>
public readonly struct KubernetesRequestDecision
{
    private readonly string? _denialReason;

    private KubernetesRequestDecision(KubernetesRequestInfo request, bool isAllowed, PolicyGrant? grant, string? denialReason)
    {
        Request = request;
        IsAllowed = isAllowed;
        Grant = grant;
        _denialReason = denialReason;
    }

    public KubernetesRequestInfo Request { get; }

    /// <summary>False for <c>default</c>, so a decision nobody made denies.</summary>
    public bool IsAllowed { get; }

    /// <summary>
    /// The binding whose level the request needed; null when denied, and for discovery, which any
    /// access to the cluster allows.
    /// </summary>
    public PolicyGrant? Grant { get; }

    /// <summary>Null when allowed.</summary>
    public string? DenialReason => IsAllowed ? null : _denialReason ?? "no decision was made";

    internal static KubernetesRequestDecision Allow(KubernetesRequestInfo request, PolicyGrant? grant) => new(request, true, grant, null);

    internal static KubernetesRequestDecision Deny(KubernetesRequestInfo request, string reason) => new(request, false, null, reason);

    /// <summary>The apiserver's Forbidden text for this request, exactly as an RBAC denial reads.</summary>
    public string ForbiddenMessage(string userName) => KubernetesForbiddenMessage.For(Request, userName);

    /// <summary>The same text with the Paralus reason appended, as the apiserver appends an authorizer's reason.</summary>
    public string ForbiddenMessageWithReason(string userName) => KubernetesForbiddenMessage.For(Request, userName, DenialReason);

    public override string ToString() => IsAllowed
        ? $"allowed: {Request}{(Grant is null ? "" : $" ({Grant})")}"
        : $"denied: {Request}: {DenialReason}";
}
