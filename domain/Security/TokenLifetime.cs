namespace Paralus.Domain.Security;

/// <summary>
/// The lifetime check of Paralus's own tokens and of identity providers' ID tokens, on Paralus's clock; and the whole
/// seconds that tokens and certificates carry their times in.
/// </summary>
public static class TokenLifetime
{
    /// <summary>The start of the second <paramref name="time"/> falls in: what a JWT or an X.509 certificate keeps of it.</summary>
    public static DateTimeOffset WholeSecond(DateTimeOffset time) => time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerSecond));

    /// <summary>
    /// Whether a token is within its lifetime at <paramref name="now"/>, allowing <paramref name="skew"/> between clocks.
    /// The skew is applied to now, not to the token's times, which a forged token may set to the ends of the calendar.
    /// </summary>
    public static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTimeOffset now, TimeSpan skew)
    {
        var at = now.UtcDateTime;
        return expires is not null && at - skew < expires.Value && (notBefore is null || at + skew >= notBefore.Value);
    }
}
