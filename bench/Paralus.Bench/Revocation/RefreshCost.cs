namespace Paralus.Bench.Revocation;

/// <summary>The directory a relay re-reads on each access event, and how long re-reading it and building the policy took.</summary>
internal sealed record RefreshCost(int Users, int Bindings, int Memberships, Spread Load, Spread Build);
