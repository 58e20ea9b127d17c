namespace Paralus.Agent.Jit;

/// <summary>Just-in-time service accounts (section <c>Paralus:Agent:Jit</c>).</summary>
public sealed class JitOptions
{
    public const string SectionName = "Paralus:Agent:Jit";

    /// <summary>Lifetime asked for in TokenRequests; tokens are renewed well before they run out.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Service accounts unused for this long are deleted with their bindings, until a relay tells the organization's setting.</summary>
    public TimeSpan InactivityTimeout { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
