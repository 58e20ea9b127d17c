namespace Paralus.Bench.Relay;

/// <summary>A user the bench created: name, id, session token, and the id of the binding that gives them the bench project.</summary>
internal sealed record BenchUser(string Name, string Id, string Token, string BindingId);
