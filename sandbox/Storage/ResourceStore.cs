using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Discovery;

namespace Paralus.Sandbox.Storage;

/// <summary>
/// The one store for every resource: JSON objects keyed by resource, namespace and name, a single
/// resourceVersion counter, a bounded history for watches that resume, and garbage collection of
/// namespaced objects and owned dependents. Callers get deep copies, never the stored nodes.
/// </summary>
internal sealed class ResourceStore(TimeProvider time)
{
    private const int HistoryLimit = 20_000;
    private const string RandomAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly Queue<StoreEvent> _history = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private readonly Dictionary<string, long> _changes = [];

    // Every type with a bucket, built-in or custom, for cascading deletes.
    private readonly Dictionary<string, ResourceType> _types = [];
    private long _resourceVersion;

    public long ResourceVersion
    {
        get { lock (_gate) return _resourceVersion; }
    }

    public JsonObject? Get(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return Bucket(type).TryGetValue(Key(ns, name), out var obj) ? obj.DeepClone().AsObject() : null;
        }
    }

    /// <summary>The uid of a stored object, without copying it; null when there is none.</summary>
    public string? UidOf(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return Bucket(type).TryGetValue(Key(ns, name), out var obj) ? Meta.Uid(obj) : null;
        }
    }

    /// <summary>
    /// How many times objects of these types have changed since start: a reader that compiles them (RBAC) compiles
    /// again when this moves.
    /// </summary>
    public long ChangeCount(IEnumerable<ResourceType> types)
    {
        lock (_gate)
        {
            return types.Sum(t => _changes.GetValueOrDefault(t.Key));
        }
    }

    public JsonObject GetRequired(ResourceType type, string ns, string name) =>
        Get(type, ns, name) ?? throw StatusException.NotFound(type.Plural, type.Group, name);

    /// <summary>Lists a resource, in one namespace or (empty <paramref name="ns"/>) in all.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string ns)
    {
        lock (_gate)
        {
            var items = Bucket(type).Values
                .Where(o => ns.Length == 0 || Meta.Namespace(o) == ns)
                .Select(o => o.DeepClone().AsObject())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        lock (_gate)
        {
            var metadata = Meta.Of(obj);
            var ns = type.Namespaced ? Meta.Namespace(obj) : "";
            if (!type.Namespaced) metadata.Remove("namespace");
            var bucket = Bucket(type);
            var name = Meta.Name(obj);
            if (name.Length == 0 && metadata["generateName"]?.ToString() is { Length: > 0 } prefix)
            {
                do name = prefix + RandomSuffix(5);
                while (bucket.ContainsKey(Key(ns, name)));
                metadata["name"] = name;
            }
            if (name.Length == 0)
                throw StatusException.Invalid(type.Kind, type.Group, "", "metadata.name", "Required value: name or generateName is required");
            if (type.Namespaced)
            {
                if (ns.Length == 0) throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                if (!Bucket(ResourceCatalog.Namespaces).ContainsKey(Key("", ns)))
                    throw StatusException.NotFound("namespaces", "", ns);
            }
            if (bucket.ContainsKey(Key(ns, name))) throw StatusException.AlreadyExists(type.Plural, type.Group, name);

            obj["apiVersion"] = type.ApiVersion;
            obj["kind"] = type.Kind;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp(time.GetUtcNow());
            metadata["generation"] = 1;
            metadata.Remove("deletionTimestamp");
            return Commit(type, ns, name, obj, "ADDED");
        }
    }

    /// <summary>
    /// Replaces an object. A non-empty resourceVersion in <paramref name="obj"/> must match the
    /// stored one. With <paramref name="statusOnly"/> only the status is taken from <paramref name="obj"/>.
    /// </summary>
    public JsonObject Update(ResourceType type, JsonObject obj, bool statusOnly = false)
    {
        lock (_gate)
        {
            var ns = type.Namespaced ? Meta.Namespace(obj) : "";
            var name = Meta.Name(obj);
            if (!Bucket(type).TryGetValue(Key(ns, name), out var existing))
                throw StatusException.NotFound(type.Plural, type.Group, name);
            var expected = Meta.ResourceVersion(obj);
            if (expected.Length > 0 && expected != Meta.ResourceVersion(existing))
                throw StatusException.Conflict(type.Plural, type.Group, name);

            JsonObject updated;
            if (statusOnly)
            {
                updated = existing.DeepClone().AsObject();
                updated["status"] = obj["status"]?.DeepClone();
            }
            else
            {
                updated = obj.DeepClone().AsObject();
                var metadata = Meta.Of(updated);
                var old = Meta.Of(existing);
                foreach (var kept in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp" })
                {
                    metadata.Remove(kept);
                    if (old[kept] is { } value) metadata[kept] = value.DeepClone();
                }
                if (!type.Namespaced) metadata.Remove("namespace");
                // Kinds with a status subresource ignore status in ordinary updates, as the apiserver does.
                if (type.Subresources.Contains("status")) updated["status"] = existing["status"]?.DeepClone();
                updated["apiVersion"] = type.ApiVersion;
                updated["kind"] = type.Kind;
                if (!JsonNode.DeepEquals(existing["spec"], updated["spec"]) || !JsonNode.DeepEquals(existing["rules"], updated["rules"]))
                    metadata["generation"] = Meta.Long(old["generation"]) + 1;
            }
            if (JsonNode.DeepEquals(Normalized(existing), Normalized(updated))) return existing.DeepClone().AsObject();
            return Commit(type, ns, name, updated, "MODIFIED");
        }
    }

    /// <summary>Deletes an object and, like the garbage collector, everything it owns.</summary>
    public JsonObject Delete(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return DeleteLocked(type, type.Namespaced ? ns : "", name)
                ?? throw StatusException.NotFound(type.Plural, type.Group, name);
        }
    }

    public WatchSubscription Subscribe(ResourceType? type, long? sinceResourceVersion)
    {
        lock (_gate)
        {
            List<StoreEvent> backlog;
            if (type is null) backlog = [];
            else if (sinceResourceVersion is null or 0)
            {
                backlog = Bucket(type).Values
                    .Select(o => new StoreEvent("ADDED", type.Key, o.DeepClone().AsObject(), long.Parse(Meta.ResourceVersion(o), CultureInfo.InvariantCulture)))
                    .ToList();
            }
            else
            {
                var since = sinceResourceVersion.Value;
                if (_history.Count > 0 && _history.Peek().ResourceVersion > since + 1 && _history.Count >= HistoryLimit)
                    throw StatusException.Gone($"too old resource version: {since} ({_history.Peek().ResourceVersion - 1})");
                backlog = _history.Where(e => e.ResourceVersion > since && e.ResourceKey == type.Key).ToList();
            }
            var subscription = new WatchSubscription(this, backlog);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate) _subscriptions.Remove(subscription);
        subscription.Channel.Writer.TryComplete();
    }

    /// <summary>Everything stored, for the state file.</summary>
    public (long ResourceVersion, List<(string Key, JsonObject Object)> Objects) Export()
    {
        lock (_gate)
        {
            var objects = _objects.SelectMany(b => b.Value.Values.Select(o => (b.Key, o.DeepClone().AsObject()))).ToList();
            return (_resourceVersion, objects);
        }
    }

    /// <summary>Restores objects exactly as saved, keeping their uids and resourceVersions.</summary>
    public void Import(long resourceVersion, IEnumerable<(ResourceType Type, JsonObject Object)> objects)
    {
        lock (_gate)
        {
            foreach (var (type, obj) in objects)
            {
                Bucket(type)[Key(type.Namespaced ? Meta.Namespace(obj) : "", Meta.Name(obj))] = obj;
                CountChange(type);
            }
            _resourceVersion = Math.Max(_resourceVersion, resourceVersion);
        }
    }

    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string RandomSuffix(int length) =>
        string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = RandomAlphabet[RandomNumberGenerator.GetInt32(RandomAlphabet.Length)];
        });

    private JsonObject? DeleteLocked(ResourceType type, string ns, string name)
    {
        var bucket = Bucket(type);
        if (!bucket.Remove(Key(ns, name), out var existing)) return null;
        Meta.Of(existing)["deletionTimestamp"] = Timestamp(time.GetUtcNow());
        var deleted = Publish(type, existing, "DELETED");

        if (type == ResourceCatalog.Namespaces)
        {
            foreach (var namespaced in _types.Values.Where(t => t.Namespaced).ToList())
                foreach (var victim in Bucket(namespaced).Values.Where(o => Meta.Namespace(o) == name).ToList())
                    DeleteLocked(namespaced, name, Meta.Name(victim));
        }

        var uid = Meta.Uid(existing);
        foreach (var dependentType in _types.Values.ToList())
            foreach (var dependent in Bucket(dependentType).Values.Where(o => Meta.OwnerUids(o).Contains(uid)).ToList())
                DeleteLocked(dependentType, Meta.Namespace(dependent), Meta.Name(dependent));
        return deleted;
    }

    private JsonObject Commit(ResourceType type, string ns, string name, JsonObject obj, string eventType)
    {
        Bucket(type)[Key(ns, name)] = obj;
        return Publish(type, obj, eventType);
    }

    private JsonObject Publish(ResourceType type, JsonObject obj, string eventType)
    {
        var rv = ++_resourceVersion;
        CountChange(type);
        Meta.Of(obj)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var evt = new StoreEvent(eventType, type.Key, obj.DeepClone().AsObject(), rv);
        _history.Enqueue(evt);
        if (_history.Count > HistoryLimit) _history.Dequeue();
        foreach (var subscription in _subscriptions) subscription.Channel.Writer.TryWrite(evt);
        return obj.DeepClone().AsObject();
    }

    private void CountChange(ResourceType type) => _changes[type.Key] = _changes.GetValueOrDefault(type.Key) + 1;

    private static JsonObject Normalized(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        Meta.Of(copy).Remove("resourceVersion");
        return copy;
    }

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        if (!_objects.TryGetValue(type.Key, out var bucket))
        {
            _types[type.Key] = type;
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type.Key] = bucket;
        }
        return bucket;
    }

    private static string Key(string ns, string name) => ns + "/" + name;
}
