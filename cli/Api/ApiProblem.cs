namespace Paralus.Cli.Api;

/// <summary>An RFC 9457 <c>application/problem+json</c> body, as the server sends on every error.</summary>
internal sealed record ApiProblem(
    string? Type = null,
    string? Title = null,
    int? Status = null,
    string? Detail = null,
    IReadOnlyDictionary<string, string[]>? Errors = null);
