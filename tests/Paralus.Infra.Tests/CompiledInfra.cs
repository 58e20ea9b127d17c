using System.Text.Json.Nodes;
using Paralus.Testing;

namespace Paralus.Infra.Tests;

/// <summary>infra/main.bicep compiled once per test class (bicep build takes a few seconds).</summary>
public sealed class CompiledInfra : IAsyncLifetime
{
    public static string MainBicep => RepositoryPaths.Combine("infra", "main.bicep");

    public int ExitCode { get; private set; }

    public string Errors { get; private set; } = "";

    public ArmTemplate Template { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (exitCode, output, errors) = await Bicep.RunAsync("build", MainBicep, "--stdout");
        (ExitCode, Errors) = (exitCode, errors);
        if (exitCode == 0) Template = new ArmTemplate(JsonNode.Parse(output)!);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
