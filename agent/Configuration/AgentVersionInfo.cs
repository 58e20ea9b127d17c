namespace Paralus.Agent.Configuration;

internal static class AgentVersionInfo
{
    public static string Version { get; } = typeof(AgentVersionInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
