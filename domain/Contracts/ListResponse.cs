namespace Paralus.Domain.Contracts;

/// <summary>One page of a list, kubectl-style: pass <see cref="Continue"/> back as <c>?continue=</c> for the next page.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? Continue);
