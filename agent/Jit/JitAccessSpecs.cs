using Paralus.Domain.Caching;
using Paralus.Domain.Kubernetes;
using Paralus.TunnelProtocol;

namespace Paralus.Agent.Jit;

/// <summary>
/// JIT specs by user and the relay's access header. A spec's version is a hash over its content, so building one on
/// every request would be wasted work: the same user with the same access gets the same spec.
/// </summary>
internal sealed class JitAccessSpecs
{
    private readonly BoundedCache<(string User, string Access), JitAccessSpec> _specs = new(maxEntries: 10_000);

    /// <summary>The spec, or null when the header is not one a relay writes.</summary>
    public JitAccessSpec? For(string user, string accessHeader)
    {
        if (_specs.TryGet((user, accessHeader), out var known)) return known;
        if (!JitAccessHeader.TryParse(accessHeader, out var clusterLevel, out var namespaces)) return null;
        return _specs.GetOrAdd((user, accessHeader), _ => JitAccessSpec.For(user, clusterLevel, namespaces));
    }
}
