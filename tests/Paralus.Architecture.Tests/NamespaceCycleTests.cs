using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Paralus.Testing;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace Paralus.Architecture.Tests;

/// <summary>
/// Inside each assembly, namespaces (= folders) depend on each other in one direction only, so each can be read,
/// tested and moved on its own. Read from the built assemblies' IL (signatures and method bodies alike), each
/// namespace its own slice.
/// </summary>
public sealed class NamespaceCycleTests
{
    public static TheoryData<string, string> Assemblies => new()
    {
        { "domain", "Paralus.Domain" },
        { "protocol", "Paralus.TunnelProtocol" },
        { "infrastructure", "Paralus.Infrastructure" },
        { "functions", "Paralus.Functions" },
        { "relay", "Paralus.Relay" },
        { "agent", "Paralus.Agent" },
        { "cli", "Paralus.Cli" },
        { "sandbox", "Paralus.Sandbox" },
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void NoNamespaceDependsOnItselfThroughOthers(string folder, string assembly)
    {
        var output = RepositoryPaths.Combine(folder, "bin", DotnetPublish.Configuration, "net10.0");
        var architecture = new ArchLoader().LoadFilteredDirectory(output, assembly + ".dll").Build();
        Slices().Matching(assembly + ".(**)").Should().BeFreeOfCycles().Check(architecture);
    }
}
