using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paralus.Domain.Model;
using Paralus.Domain.Security;

namespace Paralus.Functions.SignIn;

/// <summary>
/// Checks an ID token from a provider: signature by a key the provider publishes (asymmetric algorithms only, so
/// neither <c>none</c> nor an HMAC keyed with the public key passes), issuer, audience (this client), lifetime on
/// Paralus's clock with a small skew, the nonce of this sign-in, and for Entra the tenant. Only then are the subject,
/// user name and groups read. An Entra token whose groups overflowed says so, for Graph to answer instead.
/// </summary>
internal sealed class IdTokenValidator(OidcMetadata metadata, IOptions<SignInOptions> options, TimeProvider time)
{
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <param name="nonce">The nonce this sign-in sent; null for a token from a refresh, which carries none of its own.</param>
    public async Task<IdTokenCheck> ValidateAsync(IdentityProvider provider, string idToken, string? nonce, CancellationToken cancellationToken)
    {
        var result = await ValidateSignedAsync(provider, idToken, cancellationToken);
        // A key id the cached keys lack: the provider may have rotated its keys since they were read.
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && metadata.RequestRefresh(provider))
        {
            result = await ValidateSignedAsync(provider, idToken, cancellationToken);
        }
        if (!result.IsValid) return IdTokenCheck.Refused(Reason(result.Exception));
        var token = (JsonWebToken)result.SecurityToken;

        if (nonce is not null && (!token.TryGetPayloadValue<string>("nonce", out var sent) || !string.Equals(sent, nonce, StringComparison.Ordinal)))
        {
            return IdTokenCheck.Refused("the ID token's nonce is not the one of this sign-in (a token replayed from another sign-in).");
        }
        if (provider.TenantId is { } tenant && (!token.TryGetPayloadValue<string>("tid", out var tid) || !string.Equals(tid, tenant, StringComparison.OrdinalIgnoreCase)))
        {
            return IdTokenCheck.Refused($"the ID token is from another tenant than {tenant}.");
        }
        if (!token.TryGetPayloadValue<string>(provider.SubjectClaim, out var subject) || string.IsNullOrEmpty(subject))
        {
            return IdTokenCheck.Refused($"the ID token has no '{provider.SubjectClaim}' claim to identify the person.");
        }
        if (!token.TryGetPayloadValue<string>(provider.UsernameClaim, out var username) || string.IsNullOrEmpty(username))
        {
            return IdTokenCheck.Refused($"the ID token has no '{provider.UsernameClaim}' claim to name the person; ask the provider's administrator to release it, or set another username claim.");
        }
        if (HasGroupsOverage(token, provider.GroupsClaim))
        {
            // Only Entra says where else to read them (Graph, by the person's object id, which is its subject claim).
            return provider.Kind == IdentityProviderKind.Entra
                ? IdTokenCheck.Valid(new ValidatedIdentity(provider.Issuer, subject, username, []), groupsOverage: true)
                : IdTokenCheck.Refused("the provider lists too many groups to fit in the token (groups overage); sign-in would drop every group, so it is refused.");
        }
        return IdTokenCheck.Valid(new ValidatedIdentity(provider.Issuer, subject, username, Groups(token, provider.GroupsClaim)));
    }

    private async Task<TokenValidationResult> ValidateSignedAsync(IdentityProvider provider, string idToken, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(provider, cancellationToken);
        var skew = options.Value.ClockSkew;
        return await _handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = provider.Issuer,
            ValidAudience = provider.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = skew,
            LifetimeValidator = (notBefore, expires, _, _) => TokenLifetime.IsCurrent(notBefore, expires, time.GetUtcNow(), skew),
        });
    }

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "the ID token was issued to another client (audience).",
        SecurityTokenInvalidIssuerException => "the ID token was issued by another issuer than this provider.",
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNotYetValidException or SecurityTokenNoExpirationException =>
            "the ID token has expired or is not valid yet.",
        SecurityTokenInvalidAlgorithmException => "the ID token is signed with an algorithm Paralus does not accept.",
        SecurityTokenSignatureKeyNotFoundException => "the ID token is signed with a key the provider does not publish.",
        SecurityTokenInvalidSignatureException => "the ID token's signature does not verify.",
        SecurityTokenMalformedException => "the ID token is not a well-formed JWT.",
        _ => "the ID token is not valid.",
    };

    /// <summary>Entra's sign that the groups did not fit: <c>_claim_names</c> naming the claim, or <c>hasgroups</c>.</summary>
    private static bool HasGroupsOverage(JsonWebToken token, string groupsClaim) =>
        (token.TryGetPayloadValue<JsonElement>("_claim_names", out var names) && names.ValueKind == JsonValueKind.Object && names.TryGetProperty(groupsClaim, out _))
        || (token.TryGetPayloadValue<bool>("hasgroups", out var hasGroups) && hasGroups);

    /// <summary>An array of strings, or one string; anything else counts as no groups.</summary>
    private static string[] Groups(JsonWebToken token, string groupsClaim)
    {
        if (!token.TryGetPayloadValue<JsonElement>(groupsClaim, out var value)) return [];
        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Distinct(StringComparer.Ordinal).ToArray(),
            _ => [],
        };
    }
}
