namespace Paralus.Domain.Policy;

/// <summary>kubectl access to one namespace (or every namespace, keyed "*"), and the binding that grants it.</summary>
public readonly record struct NamespaceAccess(KubernetesAccessLevel Level, PolicyGrant Grant)
{
    public override string ToString() => $"{Level.ToString().ToLowerInvariant()} ({Grant})";
}
