using Microsoft.Extensions.Options;

namespace Paralus.Domain.Security;

/// <summary>
/// Slows password guessing per user name and per client address. Keyed by the name as typed, whether or not such a
/// user exists, so a lock says nothing about which names are real. A lock is timed and capped: an address that has
/// signed in to the account before, and is not failing itself, is not held by the account's lock, so an attacker
/// elsewhere cannot keep its owner out. State is in memory, per control-plane instance.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider time)
{
    // Past this many entries per table, entries that hold no lock are dropped (then everything, if that is not enough).
    private const int MaxTracked = 100_000;

    private readonly LoginThrottleOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Strikes> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Strikes> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _trusted = new(StringComparer.Ordinal);

    /// <summary>How long this attempt has to wait before its password may even be checked; null when it need not.</summary>
    public TimeSpan? RetryAfter(string account, string? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (address is not null && _addresses.TryGetValue(address, out var byAddress) && byAddress.LockedUntil > now) return byAddress.LockedUntil - now;
            if (_accounts.TryGetValue(account, out var byAccount) && byAccount.LockedUntil > now && !IsTrusted(account, address, now)) return byAccount.LockedUntil - now;
            return null;
        }
    }

    /// <summary>Counts a wrong password; the lock this failure starts on the account, if any.</summary>
    public TimeSpan? Failed(string account, string? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (address is not null) Strike(_addresses, address, _options.AddressFailureLimit, now);
            var strikes = Strike(_accounts, account, _options.AccountFailureLimit, now);
            return strikes.LockedUntil > now ? strikes.LockedUntil - now : null;
        }
    }

    public void Succeeded(string account, string? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _accounts.Remove(account);
            if (address is null) return;
            if (_trusted.Count >= MaxTracked) Prune(_trusted, at => now - at >= _options.TrustAddressFor);
            _trusted[TrustKey(account, address)] = now;
        }
    }

    /// <summary>An administrator's unlock: the account's failures are forgotten (the addresses' are not).</summary>
    public void Unlock(string account)
    {
        lock (_gate) _accounts.Remove(account);
    }

    private bool IsTrusted(string account, string? address, DateTimeOffset now) =>
        address is not null && _trusted.TryGetValue(TrustKey(account, address), out var at) && now - at < _options.TrustAddressFor;

    private static string TrustKey(string account, string address) => $"{account.ToLowerInvariant()} {address}";

    private Strikes Strike(Dictionary<string, Strikes> table, string key, int limit, DateTimeOffset now)
    {
        var count = table.TryGetValue(key, out var earlier) && now - earlier.Last < _options.ForgetFailuresAfter ? earlier.Count + 1 : 1;
        var lockedUntil = count >= limit ? now + Lockout(count - limit) : DateTimeOffset.MinValue;
        if (!table.ContainsKey(key) && table.Count >= MaxTracked) Prune(table, s => s.LockedUntil <= now);
        return table[key] = new Strikes(count, now, lockedUntil);
    }

    /// <summary>The first lock, doubled for each failure beyond it, capped.</summary>
    private TimeSpan Lockout(int beyondLimit)
    {
        var doubled = _options.FirstLockout * Math.Pow(2, Math.Min(beyondLimit, 30));
        return doubled < _options.MaxLockout ? doubled : _options.MaxLockout;
    }

    private static void Prune<TKey, TValue>(Dictionary<TKey, TValue> table, Func<TValue, bool> disposable) where TKey : notnull
    {
        foreach (var (key, value) in table.ToList())
        {
            if (disposable(value)) table.Remove(key);
        }

        if (table.Count >= MaxTracked) table.Clear();
    }

    private readonly record struct Strikes(int Count, DateTimeOffset Last, DateTimeOffset LockedUntil);
}
