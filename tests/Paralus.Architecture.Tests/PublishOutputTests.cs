using Paralus.Testing;

namespace Paralus.Architecture.Tests;

/// <summary>
/// The CLI runs on users' machines and the agent in customers' clusters: neither ships the Azure SDK, MSAL or the AMQP
/// client, which only the control plane and the relay need.
/// </summary>
public sealed class PublishOutputTests
{
    [Theory]
    [InlineData("cli/Paralus.Cli.csproj", "paralus.dll")]
    [InlineData("agent/Paralus.Agent.csproj", "Paralus.Agent.dll")]
    public async Task Publish_CliOrAgent_ShipsNoAzureMsalOrAmqpAssembly(string project, string mainAssembly)
    {
        var output = Directory.CreateTempSubdirectory("paralus-publish-");
        try
        {
            await DotnetPublish.RunAsync(RepositoryPaths.Combine(project), output.FullName);

            var assemblies = Directory.EnumerateFiles(output.FullName, "*.dll", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
            Assert.Contains(mainAssembly, assemblies);
            Assert.Empty(assemblies.Where(IsServerInfrastructure).Order());
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static bool IsServerInfrastructure(string? assembly) =>
        assembly is not null
        && (assembly.StartsWith("Azure.", StringComparison.OrdinalIgnoreCase)
            || assembly.StartsWith("Microsoft.Identity.Client", StringComparison.OrdinalIgnoreCase)
            || assembly.StartsWith("Amqp", StringComparison.OrdinalIgnoreCase));
}
