using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paralus.Domain.Caching;
using Paralus.Domain.Security;

namespace Paralus.Infrastructure.Sessions;

/// <summary>
/// Issues and checks Paralus's short-lived HS256 tokens: API sessions (from local or company sign-in) and kubectl
/// tokens (from the exec credential plugin). A kubectl token lives as long as a kubeconfig and sits in a file cache,
/// so it has an audience of its own that the API refuses; relays accept both.
/// </summary>
public sealed class SessionTokenService
{
    public const string ApiAudience = "paralus-api";
    public const string KubectlAudience = "paralus-kubectl";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private readonly SessionTokenOptions _options;
    private readonly TimeProvider _time;
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new();

    // Every kubectl request through a relay carries its token again; its signature only needs checking once.
    private readonly BoundedCache<string, SessionClaims> _validated = new(maxEntries: 10_000, StringComparer.Ordinal);

    public SessionTokenService(IOptions<SessionTokenOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _key = new SymmetricSecurityKey(LoadKey(_options));
    }

    /// <summary>An API session.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string organizationId, string userId, string userName) =>
        Issue(organizationId, userId, userName, ApiAudience, _options.SessionLifetime);

    /// <summary>A bearer token for kubectl through the relays, valid for <paramref name="validity"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueForKubectl(string organizationId, string userId, string userName, TimeSpan validity) =>
        Issue(organizationId, userId, userName, KubectlAudience, validity);

    /// <summary>Null for anything not a valid, unexpired API session of ours.</summary>
    public async Task<SessionClaims?> ValidateAsync(string token) => await ValidateAnyAsync(token) is { Audience: ApiAudience } claims ? claims : null;

    /// <summary>At a relay: an API session or a kubectl token.</summary>
    public Task<SessionClaims?> ValidateForKubectlAsync(string token) => ValidateAnyAsync(token);

    private (string Token, DateTimeOffset ExpiresAt) Issue(string organizationId, string userId, string userName, string audience, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        var expires = now + lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([new("sub", userId), new("name", userName), new("org", organizationId)]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    private async Task<SessionClaims?> ValidateAnyAsync(string token)
    {
        if (_validated.TryGet(token, out var known)) return _time.GetUtcNow() < known.ExpiresAt + ClockSkew ? known : null;
        var claims = await ValidateSignatureAndClaimsAsync(token);
        if (claims is not null) _validated.Set(token, claims);
        return claims;
    }

    private async Task<SessionClaims?> ValidateSignatureAndClaimsAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudiences = [ApiAudience, KubectlAudience],
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) => TokenLifetime.IsCurrent(notBefore, expires, _time.GetUtcNow(), ClockSkew),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return null;
        if (!jwt.TryGetPayloadValue<string>("org", out var org) || !jwt.TryGetPayloadValue<string>("name", out var name)) return null;
        return new SessionClaims(org, jwt.Subject, name, new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), jwt.Audiences.First());
    }

    private static byte[] LoadKey(SessionTokenOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var configured = Convert.FromBase64String(options.SigningKey);
            return configured.Length >= 32 ? configured : throw new InvalidOperationException("Paralus:Auth:SigningKey must be at least 32 bytes (base64).");
        }

        return SecretFile.ReadOrCreate(options.SigningKeyFile, () => RandomNumberGenerator.GetBytes(32));
    }
}
