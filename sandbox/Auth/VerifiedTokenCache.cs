using System.Collections.Concurrent;

namespace Paralus.Sandbox.Auth;

/// <summary>
/// Claims of tokens whose signature already checked out, so a client that sends the same token on every request
/// costs one signature verification, not one per request; kube-apiserver caches token authentication the same way
/// (<c>--token-success-cache-ttl</c>, 10 s by default). Only the signature is remembered: lifetime, audience and the
/// service account's existence are still checked on every request. Bounded: when full, an arbitrary entry goes.
/// </summary>
internal sealed class VerifiedTokenCache
{
    public const int Capacity = 4_096;

    private readonly ConcurrentDictionary<string, TokenClaims> _claims = new(StringComparer.Ordinal);

    public bool TryGet(string token, out TokenClaims claims) => _claims.TryGetValue(token, out claims!);

    public void Add(string token, TokenClaims claims)
    {
        foreach (var entry in _claims)
        {
            if (_claims.Count < Capacity) break;
            _claims.TryRemove(entry.Key, out _);
        }
        _claims[token] = claims;
    }
}
