using System.Text.Json;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Hosting;

/// <summary>
/// Saves and loads the whole sandbox as one JSON file: keys (so kubeconfigs and tokens stay
/// valid), the resourceVersion counter and every object.
/// </summary>
internal static class StateFile
{
    /// <summary>The saved keys, counter and objects by store key; custom kinds resolve only once their CRDs are served.</summary>
    public static (SandboxKeys Keys, long ResourceVersion, List<(string Key, JsonObject Object)> Objects)? Load(string path, TimeProvider time)
    {
        if (!File.Exists(path)) return null;
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"state file {path} is not a JSON object");
        var keys = SandboxKeys.Restore(Meta.Text(root, "caCertificate"), Meta.Text(root, "caKey"), Meta.Text(root, "signingKey"), Meta.Text(root, "adminToken"), time);
        var objects = new List<(string, JsonObject)>();
        foreach (var entry in (root["objects"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (entry["object"] is JsonObject obj) objects.Add((Meta.Text(entry, "resource"), obj.DeepClone().AsObject()));
        }
        return (keys, Meta.Long(root["resourceVersion"]), objects);
    }

    public static async Task SaveAsync(string path, SandboxKeys keys, ResourceStore store)
    {
        var (rv, objects) = store.Export();
        var root = new JsonObject
        {
            ["version"] = 1,
            ["resourceVersion"] = rv,
            ["caCertificate"] = keys.CaPem,
            ["caKey"] = keys.CaKeyPem,
            ["signingKey"] = keys.SigningKeyPem,
            ["adminToken"] = keys.AdminToken,
            ["objects"] = new JsonArray(objects.Select(o => (JsonNode?)new JsonObject { ["resource"] = o.Key, ["object"] = o.Object }).ToArray()),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        // The file holds the CA key, the token-signing key and the admin token.
        await PrivateFile.WriteAllTextAsync(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        File.Move(temporary, path, overwrite: true);
    }
}
