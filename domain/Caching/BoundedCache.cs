using System.Collections.Concurrent;

namespace Paralus.Domain.Caching;

/// <summary>
/// Results worth computing once per key (a validated token, a verified certificate chain, a built spec) on a hot
/// path. Past <paramref name="maxEntries"/> it starts over and refills from what it is asked, so memory stays bounded
/// without bookkeeping on every hit.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int maxEntries, IEqualityComparer<TKey>? comparer = null) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);

    public bool TryGet(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (_entries.TryGetValue(key, out var known)) return known;
        if (_entries.Count >= maxEntries) _entries.Clear();
        return _entries.GetOrAdd(key, create);
    }

    public void Set(TKey key, TValue value)
    {
        if (_entries.Count >= maxEntries) _entries.Clear();
        _entries[key] = value;
    }
}
