namespace Paralus.Domain.Contracts;

/// <summary>The answer of <c>/healthz</c> (<c>ok</c>) and of <c>/readyz</c> when ready (<c>ready</c>).</summary>
public sealed record HealthResponse(string Status);
