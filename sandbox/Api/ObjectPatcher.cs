using System.Text.Json.Nodes;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>Applies a patch to a stored object and keeps its identity fields.</summary>
internal static class ObjectPatcher
{
    public static JsonObject Patch(ResourceType type, JsonObject existing, string contentType, string body)
    {
        var patched = Patches.Apply(existing, contentType, body);
        var metadata = Meta.Of(patched);
        metadata["name"] = Meta.Name(existing);
        if (type.Namespaced) metadata["namespace"] = Meta.Namespace(existing);
        // A patch that names no resourceVersion must not fail on a concurrent write.
        if (Meta.ResourceVersion(patched) == Meta.ResourceVersion(existing)) metadata.Remove("resourceVersion");
        Admission.PrepareUpdate(type, patched);
        return patched;
    }
}
