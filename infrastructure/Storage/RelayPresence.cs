namespace Paralus.Infrastructure.Storage;

/// <summary>When a relay last reported holding a tunnel to a cluster's agent.</summary>
public sealed record RelayPresence(string RelayId, DateTimeOffset SeenAt);
