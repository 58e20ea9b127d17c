namespace Paralus.Cli.Api;

/// <summary>Where to send requests and with which bearer token (none for login).</summary>
internal sealed record ApiConnection(Uri Server, string? Token);
