namespace Paralus.Agent.Registration;

internal static class AgentRegistrationExtensions
{
    public static IServiceCollection AddAgentRegistration(this IServiceCollection services)
    {
        services.AddSingleton<AgentCredentials>();
        services.AddHostedService<AgentRegistration>();
        return services;
    }
}
