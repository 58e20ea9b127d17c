using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paralus.Domain.Caching;
using Paralus.Domain.Security;

namespace Paralus.Infrastructure.Sessions;

/// <summary>Issues and checks the short-lived HS256 session tokens returned by local login.</summary>
public sealed class SessionTokenService
{
    private const string Audience = "paralus-api";
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

    public (string Token, DateTimeOffset ExpiresAt) Issue(string organizationId, string userId, string userName)
    {
        var now = _time.GetUtcNow();
        var expires = now + _options.SessionLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([new("sub", userId), new("name", userName), new("org", organizationId)]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>Null for anything not a valid, unexpired token of ours.</summary>
    public async Task<SessionClaims?> ValidateAsync(string token)
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
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                return expires is not null && now < expires.Value + ClockSkew && (notBefore is null || now >= notBefore.Value - ClockSkew);
            },
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return null;
        if (!jwt.TryGetPayloadValue<string>("org", out var org) || !jwt.TryGetPayloadValue<string>("name", out var name)) return null;
        return new SessionClaims(org, jwt.Subject, name, new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
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
