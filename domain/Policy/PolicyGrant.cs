using Paralus.Domain.Model;

namespace Paralus.Domain.Policy;

/// <summary>
/// One role binding as seen by the engine: what grants a decision. Built once per binding when the
/// snapshot is compiled, so an allowed decision only carries a reference to it.
/// </summary>
public sealed class PolicyGrant
{
    private string? _explanation;

    internal PolicyGrant(string bindingId, string roleName, BindingScope scope, string? viaGroupName)
    {
        BindingId = bindingId;
        RoleName = roleName;
        Scope = scope;
        ViaGroupName = viaGroupName;
    }

    public string BindingId { get; }

    public string RoleName { get; }

    public BindingScope Scope { get; }

    /// <summary>The group through which the user holds the binding; null when it is bound to the user directly.</summary>
    public string? ViaGroupName { get; }

    public bool IsDirect => ViaGroupName is null;

    /// <summary>Built on first use and kept: most grants are never explained.</summary>
    public override string ToString() => _explanation ??=
        $"binding '{BindingId}' grants role '{RoleName}' at {Scope} " +
        (ViaGroupName is null ? "directly" : $"via group '{ViaGroupName}'");
}
