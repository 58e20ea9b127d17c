using System.Text;
using Paralus.Domain.Policy;

namespace Paralus.TunnelProtocol;

/// <summary>
/// How the relay tells the agent what a user may have in the cluster: <c>cluster=write;apple=write,*=read</c>
/// (cluster-wide level, then namespace levels). Only relays send it; they strip any a client sent.
/// </summary>
public static class JitAccessHeader
{
    public const string Name = ForwardingHeaders.InternalPrefix + "Access";

    public static string Format(KubernetesAccess access)
    {
        var text = new StringBuilder("cluster=").Append(Level(access.ClusterLevel)).Append(';');
        var first = true;
        foreach (var (ns, granted) in access.Namespaces.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            if (!first) text.Append(',');
            text.Append(ns).Append('=').Append(Level(granted.Level));
            first = false;
        }
        return text.ToString();
    }

    /// <summary>False for anything not produced by <see cref="Format"/>.</summary>
    public static bool TryParse(string? value, out KubernetesAccessLevel clusterLevel, out IReadOnlyDictionary<string, KubernetesAccessLevel> namespaces)
    {
        clusterLevel = KubernetesAccessLevel.None;
        namespaces = new Dictionary<string, KubernetesAccessLevel>();
        if (value is null) return false;
        var parts = value.Split(';');
        if (parts.Length != 2 || !parts[0].StartsWith("cluster=", StringComparison.Ordinal) || !TryLevel(parts[0]["cluster=".Length..], out clusterLevel)) return false;
        var parsed = new Dictionary<string, KubernetesAccessLevel>(StringComparer.Ordinal);
        foreach (var entry in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=');
            if (equals <= 0 || !TryLevel(entry[(equals + 1)..], out var level)) return false;
            parsed[entry[..equals]] = level;
        }
        namespaces = parsed;
        return true;
    }

    private static string Level(KubernetesAccessLevel level) => level switch
    {
        KubernetesAccessLevel.Write => "write",
        KubernetesAccessLevel.Read => "read",
        _ => "none",
    };

    private static bool TryLevel(string text, out KubernetesAccessLevel level)
    {
        level = text switch { "write" => KubernetesAccessLevel.Write, "read" => KubernetesAccessLevel.Read, "none" => KubernetesAccessLevel.None, _ => (KubernetesAccessLevel)(-1) };
        return (int)level >= 0;
    }
}
