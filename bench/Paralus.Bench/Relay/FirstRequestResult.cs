namespace Paralus.Bench.Relay;

/// <summary>Medians, in milliseconds, of a request on a warm connection and of first requests on new ones.</summary>
internal sealed record FirstRequestResult(int Samples, double WarmMs, double DirectNewConnectionMs, double KnownUserNewConnectionMs, double NewUserNewConnectionMs)
{
    /// <summary>What a user's first request costs beyond any new connection's first request.</summary>
    public double NewUserExtraMs => NewUserNewConnectionMs - KnownUserNewConnectionMs;
}
