using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Paralus.Testing;

namespace Paralus.Infra.Tests;

/// <summary>infra/broker/definitions.json: what scripts/broker.sh loads into the local RabbitMQ at every boot.</summary>
public sealed class BrokerDefinitions
{
    private readonly JsonNode _root = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "broker", "definitions.json")))!;

    public sealed record Policy(string Name, string Pattern, string ApplyTo, int Priority, JsonObject Definition)
    {
        public string? DeadLetterExchange => (string?)Definition["dead-letter-exchange"];

        public long? MessageTtl => (long?)Definition["message-ttl"];
    }

    public IReadOnlyList<(string Name, string Type, bool Durable)> Exchanges =>
        Items("exchanges").Select(e => ((string)e["name"]!, (string)e["type"]!, (bool)e["durable"]!)).ToArray();

    public IReadOnlyList<(string Name, bool Durable)> Queues =>
        Items("queues").Select(q => ((string)q["name"]!, (bool)q["durable"]!)).ToArray();

    public IReadOnlyList<(string Source, string Destination, string DestinationType)> Bindings =>
        Items("bindings").Select(b => ((string)b["source"]!, (string)b["destination"]!, (string)b["destination_type"]!)).ToArray();

    public IReadOnlyList<Policy> Policies =>
        Items("policies").Select(p => new Policy((string)p["name"]!, (string)p["pattern"]!, (string)p["apply-to"]!, (int)p["priority"]!, p["definition"]!.AsObject())).ToArray();

    /// <summary>The policy RabbitMQ applies to a queue of this name: of those whose pattern matches, the highest priority.</summary>
    public Policy? PolicyForQueue(string queue) =>
        Policies
            .Where(p => p.ApplyTo is "queues" or "all" && Regex.IsMatch(queue, p.Pattern))
            .OrderByDescending(p => p.Priority)
            .FirstOrDefault();

    private IEnumerable<JsonNode> Items(string section) => _root[section]?.AsArray().Select(node => node!) ?? [];
}
