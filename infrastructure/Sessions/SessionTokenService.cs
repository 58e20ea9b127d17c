using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paralus.Domain.Caching;
using Paralus.Domain.Model;
using Paralus.Domain.Security;

namespace Paralus.Infrastructure.Sessions;

/// <summary>
/// Issues and checks Paralus's short-lived HS256 tokens: API sessions (from local or company sign-in) and kubectl
/// tokens (from the exec credential plugin). A kubectl token lives as long as a kubeconfig and sits in a file cache,
/// so it has an audience of its own that the API refuses; relays accept both. A restricted session (a password that
/// must be changed, a second factor that must be added) has a third audience, which relays refuse, and says why.
/// </summary>
public sealed class SessionTokenService
{
    public const string ApiAudience = "paralus-api";
    public const string KubectlAudience = "paralus-kubectl";
    public const string RestrictedAudience = "paralus-restricted";
    private const string RestrictionClaim = "restriction";
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

    /// <summary>
    /// An API session, or with <paramref name="restriction"/> a restricted one that lasts <see cref="SessionTokenOptions.RestrictedSessionLifetime"/>.
    /// <paramref name="notIssuedBefore"/>: the user's credentials were revoked then, and this later session must survive it.
    /// </summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string organizationId, string userId, string userName, SessionRestriction? restriction = null,
        DateTimeOffset? notIssuedBefore = null) =>
        restriction is { } reason
            ? Issue(organizationId, userId, userName, RestrictedAudience, _options.RestrictedSessionLifetime, reason, notIssuedBefore)
            : Issue(organizationId, userId, userName, ApiAudience, _options.SessionLifetime, null, notIssuedBefore);

    /// <summary>A bearer token for kubectl through the relays, valid for <paramref name="validity"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueForKubectl(string organizationId, string userId, string userName, TimeSpan validity) =>
        Issue(organizationId, userId, userName, KubectlAudience, validity, null, null);

    /// <summary>Null for anything not a valid, unexpired API session (restricted or not) of ours.</summary>
    public async Task<SessionClaims?> ValidateAsync(string token) => await ValidateAnyAsync(token) is { Audience: ApiAudience or RestrictedAudience } claims ? claims : null;

    /// <summary>At a relay: an API session or a kubectl token, never a restricted session.</summary>
    public async Task<SessionClaims?> ValidateForKubectlAsync(string token) => await ValidateAnyAsync(token) is { Audience: ApiAudience or KubectlAudience } claims ? claims : null;

    private (string Token, DateTimeOffset ExpiresAt) Issue(string organizationId, string userId, string userName, string audience, TimeSpan lifetime,
        SessionRestriction? restriction, DateTimeOffset? notIssuedBefore)
    {
        var now = _time.GetUtcNow();
        var expires = now + lifetime;
        // A token carries its issue time in whole seconds; one issued in the same second as a revocation, after it, would
        // look older than the revocation. Dated at the next whole second instead, it does not.
        var issuedAt = notIssuedBefore is { } revoked && TokenLifetime.WholeSecond(now) < revoked ? TokenLifetime.WholeSecond(revoked) + TimeSpan.FromSeconds(1) : now;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([new("sub", userId), new("name", userName), new("org", organizationId),
                .. restriction is { } reason ? [new Claim(RestrictionClaim, reason.ToString())] : Array.Empty<Claim>()]),
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
            ValidAudiences = [ApiAudience, KubectlAudience, RestrictedAudience],
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) => TokenLifetime.IsCurrent(notBefore, expires, _time.GetUtcNow(), ClockSkew),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return null;
        if (!jwt.TryGetPayloadValue<string>("org", out var org) || !jwt.TryGetPayloadValue<string>("name", out var name)) return null;
        var audience = jwt.Audiences.First();
        SessionRestriction? restriction = null;
        if (audience == RestrictedAudience)
        {
            // A restricted session that does not say why is not one we issued: refuse it rather than guess.
            if (!jwt.TryGetPayloadValue<string>(RestrictionClaim, out var reason) || !Enum.TryParse<SessionRestriction>(reason, out var parsed)) return null;
            restriction = parsed;
        }
        return new SessionClaims(org, jwt.Subject, name, new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), audience, restriction);
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
