namespace Paralus.Agent.Registration;

/// <summary>Who the agent is and where it connects, known once its certificate is in place.</summary>
internal sealed record AgentIdentity(string ClusterId, IReadOnlyList<string> Relays, string RelayCaFile);
