using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Storage;

/// <summary>One change in the store, as a watch reports it.</summary>
internal sealed record StoreEvent(string Type, string ResourceKey, JsonObject Object, long ResourceVersion);
