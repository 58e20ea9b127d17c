using Paralus.Domain.Contracts;
using Paralus.Domain.Text;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

/// <summary>
/// Keyset paging over a name-sorted list: the continue token is the last name returned, so pages stay stable
/// while items are added or removed.
/// </summary>
internal static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>Null when the limit is acceptable, else the problem to return.</summary>
    public static ValidationProblem? Validate(int? limit, string? continueToken)
    {
        if (limit is < 1 or > MaxLimit) return Problems.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
        if (continueToken is not null && Decode(continueToken) is null) return Problems.Invalid("continue", "the continue token is malformed; use the value returned by the previous page.");
        return null;
    }

    public static ListResponse<TResource> Page<T, TResource>(IEnumerable<T> items, Func<T, string> key, Func<T, TResource> map, int? limit, string? continueToken)
    {
        var size = limit ?? DefaultLimit;
        var after = continueToken is null ? null : Decode(continueToken);
        var page = items
            .Where(i => after is null || string.CompareOrdinal(key(i), after) > 0)
            .OrderBy(key, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var next = page.Count > size ? Encode(key(page[size - 1])) : null;
        return new ListResponse<TResource>(page.Take(size).Select(map).ToArray(), next);
    }

    private static string Encode(string key) => Base64Url.Encode(key);

    private static string? Decode(string token) => Base64Url.TryDecodeString(token);
}
