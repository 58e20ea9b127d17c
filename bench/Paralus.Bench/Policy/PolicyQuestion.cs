using Paralus.Domain.Policy;

namespace Paralus.Bench.Policy;

/// <summary>A precomputed Check question, so the timed loop measures deciding and nothing else.</summary>
internal readonly record struct PolicyQuestion(string UserId, string Permission, PolicyTarget Target);
