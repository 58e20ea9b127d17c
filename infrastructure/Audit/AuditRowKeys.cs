using Paralus.Domain.Text;

namespace Paralus.Infrastructure.Audit;

/// <summary>Row keys that sort an audit partition newest first, and the continuation tokens clients get.</summary>
internal static class AuditRowKeys
{
    /// <summary>Ticks counted down from the maximum, fixed width so they sort as strings; the id keeps equal times apart.</summary>
    public static string NewestFirst(DateTimeOffset time, string id) => $"{DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks:D19}_{id}";

    /// <summary>The SDK's token holds spaces; clients get it as one URL-safe word.</summary>
    public static string? EncodeContinuation(string? token) => token is null ? null : Base64Url.Encode(token);

    /// <summary>Throws <see cref="ArgumentException"/> for a token this service did not hand out.</summary>
    public static string? DecodeContinuation(string? token) => token is null ? null
        : Base64Url.TryDecodeString(token) ?? throw new ArgumentException("The continue token is malformed.", nameof(token));
}
