namespace Paralus.Domain.Policy;

/// <summary>
/// The answer to <see cref="PolicySnapshot.Check"/>. A value type holding references only, so deciding
/// allocates nothing; the explanation is written when someone asks for it.
/// </summary>
public readonly struct PolicyDecision
{
    private PolicyDecision(PolicyGrant? grant, DenialReason denial, string permission, PolicyTarget target)
    {
        Grant = grant;
        Denial = denial;
        Permission = permission;
        Target = target;
    }

    public bool IsAllowed => Grant is not null;

    /// <summary>The binding that allows the question; null when denied.</summary>
    public PolicyGrant? Grant { get; }

    public DenialReason Denial { get; }

    public string Permission { get; }

    public PolicyTarget Target { get; }

    internal static PolicyDecision Allow(PolicyGrant grant, string permission, PolicyTarget target) =>
        new(grant, DenialReason.None, permission, target);

    internal static PolicyDecision Deny(DenialReason reason, string permission, PolicyTarget target) =>
        new(null, reason, permission, target);

    public string Explanation => Grant is not null
        ? Grant.ToString()
        : Denial switch
        {
            DenialReason.UnknownUser => "unknown user",
            DenialReason.UserDeactivated => "user is deactivated",
            _ => $"no role binding grants {Permission} at {Target}",
        };

    public override string ToString() => Explanation;
}
