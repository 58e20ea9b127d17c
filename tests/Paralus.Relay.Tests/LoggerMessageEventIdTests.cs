using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;

namespace Paralus.Relay.Tests;

/// <summary>
/// Every <c>[LoggerMessage]</c> event id names one log line: an operator filtering or alerting on an id must not get
/// another service's line, or another line of the same service. Ids sit inline on each logging method, grouped by
/// class or folder; each service owns the range below, so a line's id alone tells which service wrote it.
/// This project's output holds every Paralus service (relay, agent, sandbox, control plane, infrastructure), so the check
/// lives here and covers whatever assembly logs, including ones split off later.
/// </summary>
public sealed class LoggerMessageEventIdTests
{
    /// <summary>The event-id range of each service assembly; a new assembly that logs needs a row here.</summary>
    private static readonly Dictionary<string, (int First, int Last)> Ranges = new(StringComparer.Ordinal)
    {
        ["paralus-sandbox"] = (1, 999),
        ["Paralus.Functions"] = (1000, 1999),
        ["Paralus.Relay"] = (2000, 2999),
        ["Paralus.Agent"] = (3000, 3999),
        // Messaging 50xx, coordination 51xx, certificates 60xx.
        ["Paralus.Infrastructure"] = (5000, 6999),
    };

    [Fact]
    public void NoTwoLoggingMethods_InOneAssembly_ShareAnEventId()
    {
        var shared = LoggingMethods()
            .GroupBy(m => (m.Assembly, m.EventId))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Assembly} event id {g.Key.EventId}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();

        Assert.True(shared.Count == 0, string.Join("\n", shared));
    }

    [Fact]
    public void EveryEventId_LiesInItsServicesRange()
    {
        var outside = LoggingMethods()
            .Where(m => !Ranges.TryGetValue(m.Assembly, out var range) || m.EventId < range.First || m.EventId > range.Last)
            .Select(m => Ranges.TryGetValue(m.Assembly, out var range)
                ? $"{m.Method} has event id {m.EventId}, outside {m.Assembly}'s {range.First}-{range.Last}"
                : $"{m.Method} logs with event ids, but {m.Assembly} has no range in {nameof(Ranges)}")
            .ToList();

        Assert.True(outside.Count == 0, string.Join("\n", outside));
    }

    private sealed record LoggingMethod(string Assembly, int EventId, string Method);

    /// <summary>Every logging method of every service, checked to reach each service in the table so no test passes on nothing.</summary>
    private static List<LoggingMethod> LoggingMethods()
    {
        var methods = LoggingMethodsBesideTheTests().ToList();
        Assert.Superset(Ranges.Keys.ToHashSet(), methods.Select(m => m.Assembly).ToHashSet());
        return methods;
    }

    private static IEnumerable<LoggingMethod> LoggingMethodsBesideTheTests() =>
        from assembly in ServiceAssemblies()
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select new LoggingMethod(assembly.GetName().Name!, attribute.EventId, $"{type.FullName}.{method.Name}");

    /// <summary>The Paralus assemblies beside the tests, tests and test fixtures left out.</summary>
    private static IEnumerable<Assembly> ServiceAssemblies() =>
        from path in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
        let name = AssemblyName.GetAssemblyName(path)
        where name.Name!.StartsWith("paralus", StringComparison.OrdinalIgnoreCase)
            && !name.Name.EndsWith(".Tests", StringComparison.Ordinal)
            && name.Name != "Paralus.Testing"
        select AssemblyLoadContext.Default.LoadFromAssemblyName(name);
}
