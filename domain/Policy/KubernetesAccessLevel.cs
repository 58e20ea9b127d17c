namespace Paralus.Domain.Policy;

/// <summary>How much kubectl may do; ordered so that a larger value supersedes a smaller one.</summary>
public enum KubernetesAccessLevel
{
    None = 0,
    Read = 1,
    Write = 2,
}
