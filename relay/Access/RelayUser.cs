namespace Paralus.Relay.Access;

/// <summary>The authenticated person behind a kubectl request.</summary>
internal sealed record RelayUser(string UserId, string UserName);
