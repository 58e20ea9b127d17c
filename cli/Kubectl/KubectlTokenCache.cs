using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Paralus.Cli.Api;
using Paralus.Cli.Config;
using Paralus.Cli.Files;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Kubectl;

/// <summary>
/// kubectl runs <c>paralus credential</c> for nearly every call; a token with time left is reused from a file beside the
/// config (<c>cache/kubectl-token-HASH.json</c>, owner-only) instead of asking the control plane each time.
/// </summary>
internal sealed class KubectlTokenCache(ConfigStore store, TimeProvider timeProvider)
{
    /// <summary>A token is reused only while this much is left, so that a long kubectl call does not outlive it.</summary>
    public static readonly TimeSpan ReuseMargin = TimeSpan.FromMinutes(5);

    private const string Prefix = "kubectl-token-";

    /// <summary>One file per server, user and cluster; hashed, since names may hold characters no file name can.</summary>
    public string PathFor(string server, string? user, string? cluster)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{server}\n{user}\n{cluster}"));
        return Path.Combine(store.CacheDirectory, $"{Prefix}{Convert.ToHexStringLower(hash.AsSpan(0, 16))}.json");
    }

    /// <summary>The cached token while more than <see cref="ReuseMargin"/> of it is left; null otherwise or when the file is unreadable.</summary>
    public KubectlTokenResponse? Load(string server, string? user, string? cluster)
    {
        var path = PathFor(server, user, cluster);
        try
        {
            var cached = File.Exists(path) ? JsonSerializer.Deserialize<KubectlTokenResponse>(File.ReadAllText(path), ApiJson.Options) : null;
            return cached is { Token.Length: > 0 } && cached.ExpiresAt - timeProvider.GetUtcNow() > ReuseMargin ? cached : null;
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            // A damaged cache costs one request, nothing more.
            return null;
        }
    }

    public void Save(string server, string? user, string? cluster, KubectlTokenResponse token) =>
        OwnerOnlyFile.Write(PathFor(server, user, cluster), JsonSerializer.Serialize(token, ApiJson.Options), privateDirectory: true);

    /// <summary>Forgets every cached kubectl token of this config, as <c>logout</c> does.</summary>
    public void Clear()
    {
        if (!Directory.Exists(store.CacheDirectory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(store.CacheDirectory, $"{Prefix}*.json"))
        {
            File.Delete(file);
        }
    }
}
