namespace Paralus.Cli.Api;

/// <summary>
/// Where to send requests and with which bearer token (none for login). <see cref="RenewToken"/>, when set, is asked
/// for a fresh token before the first request: the saved session is about to end and can be renewed.
/// </summary>
internal sealed record ApiConnection(Uri Server, string? Token, Func<CancellationToken, Task<string>>? RenewToken = null);
