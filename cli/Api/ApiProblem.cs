namespace Paralus.Cli.Api;

/// <summary>
/// An RFC 9457 <c>application/problem+json</c> body, as the server sends on every error. <see cref="Error"/> is the
/// OAuth-style code of the sign-in endpoints (authorization_pending, slow_down, …).
/// </summary>
internal sealed record ApiProblem(
    string? Type = null,
    string? Title = null,
    int? Status = null,
    string? Detail = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    string? Error = null);
