using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Auth;

/// <summary>
/// Issues and checks service-account tokens: ES256 JWTs bound to the service account's UID, so
/// deleting (or re-creating) the account invalidates every token at once, as bound tokens do.
/// </summary>
internal sealed class ServiceAccountTokens(SandboxKeys keys, ResourceStore store, TimeProvider time)
{
    private readonly VerifiedTokenCache _verified = new();

    public const string Issuer = "https://kubernetes.default.svc.cluster.local";
    public const string ApiAudience = "https://kubernetes.default.svc.cluster.local";

    public (string Token, DateTimeOffset Expires) Issue(JsonObject serviceAccount, IReadOnlyList<string> audiences, long expirationSeconds)
    {
        var now = time.GetUtcNow();
        var expires = now.AddSeconds(expirationSeconds);
        var ns = Meta.Namespace(serviceAccount);
        var name = Meta.Name(serviceAccount);
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = keys.SigningKeyId };
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray(audiences.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["sub"] = $"{UserInfo.ServiceAccountPrefix}{ns}:{name}",
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = Meta.Uid(serviceAccount) },
            },
        };
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = keys.SigningKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return ($"{signingInput}.{Base64Url.EncodeToString(signature)}", expires);
    }

    /// <summary>
    /// Returns the token's user when its signature, lifetime, audience and service account all
    /// hold; null otherwise. An empty <paramref name="audiences"/> means the apiserver's own.
    /// </summary>
    public (UserInfo User, IReadOnlyList<string> Audiences)? Validate(string token, IReadOnlyList<string> audiences)
    {
        if (!_verified.TryGet(token, out var claims))
        {
            if (Verify(token) is not { } verified) return null;
            claims = verified;
            _verified.Add(token, claims);
        }
        if (claims.ExpiresUnixSeconds <= time.GetUtcNow().ToUnixTimeSeconds()) return null;

        var wanted = audiences.Count == 0 ? [ApiAudience] : audiences;
        var matched = claims.Audiences.Intersect(wanted).ToList();
        if (matched.Count == 0) return null;

        if (store.UidOf(ResourceCatalog.ServiceAccounts, claims.Namespace, claims.Name) != claims.Uid) return null;
        return (UserInfo.ServiceAccount(claims.Namespace, claims.Name, claims.Uid), matched);
    }

    /// <summary>The claims of a token signed by this apiserver; null for anything else.</summary>
    private TokenClaims? Verify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        JsonObject? payload;
        try
        {
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!keys.SigningKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature, HashAlgorithmName.SHA256))
                return null;
            payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
        if (payload is null) return null;
        var audiences = (payload["aud"] as JsonArray)?.Select(a => a?.ToString() ?? "").ToArray() ?? [];
        return new TokenClaims(Meta.Long(payload["exp"]), audiences,
            Meta.Text(payload, "kubernetes.io", "namespace"),
            Meta.Text(payload["kubernetes.io"], "serviceaccount", "name"),
            Meta.Text(payload["kubernetes.io"], "serviceaccount", "uid"));
    }

    private static string Encode(JsonObject part) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(part.ToJsonString()));
}
