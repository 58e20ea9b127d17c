using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel.Client;
using DeviceAuthorizationResponse = Paralus.Domain.Contracts.DeviceAuthorizationResponse;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Domain.Text;
using Paralus.Functions.Configuration;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Identity;
using Paralus.Infrastructure.Sessions;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.SignIn;

/// <summary>
/// Company sign-in, with the control plane as the only client of the identity providers: it sends the browser to the
/// provider, redeems the provider's code itself (its own PKCE and client secret), validates the ID token, signs the
/// person in to the directory, and hands the client (the CLI) a one-time code bound to the client's PKCE challenge.
/// The client gets Paralus sessions only, never a provider token. Every outcome is audited as <c>user.login</c>.
/// </summary>
internal sealed partial class CompanySignIn(
    DirectoryViewCache views,
    DirectoryWriter writer,
    ServedOrganization organization,
    IdentityProviderSecrets secrets,
    SignInStore store,
    SecretProtector protector,
    OidcMetadata metadata,
    IdTokenValidator validator,
    ProviderTokenClient providerTokens,
    EntraGroupReader entraGroups,
    SessionTokenService sessions,
    AuditTrail audit,
    IOptions<SignInOptions> options,
    IOptions<RegistrationOptions> controlPlane,
    TimeProvider time,
    ILogger<CompanySignIn> logger)
{
    private const string LoginAction = "user.login";

    /// <summary>What to register at the provider as the redirect URI.</summary>
    public static string CallbackUrl(RegistrationOptions controlPlane) => controlPlane.ControlPlaneUrl.TrimEnd('/') + "/api/v1/sso/callback";

    public async Task<IReadOnlyList<SsoProviderResource>> ProvidersAsync(CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(organization.Id, cancellationToken);
        return view.IdentityProviders.Values.Select(p => new SsoProviderResource(p.Value.Name, p.Value.Kind.ToString().ToLowerInvariant()))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The provider's authorization URL for this browser sign-in.</summary>
    public async Task<(string? Url, SignInFailure? Failure)> BeginAuthorizationAsync(string providerName, string? redirectUri, string? codeChallenge, string? challengeMethod,
        string? clientState, CancellationToken cancellationToken)
    {
        if (LoopbackRedirectUri.Check(redirectUri) is { } badRedirect) return (null, new(SsoErrors.InvalidGrant, badRedirect));
        if (challengeMethod != PkceChallenge.Method || codeChallenge is not { Length: 43 } || !Base64Url.TryDecode(codeChallenge, out _))
        {
            return (null, new(SsoErrors.InvalidGrant, "code_challenge must be a PKCE S256 challenge (43 base64url characters) with code_challenge_method=S256."));
        }
        if (string.IsNullOrEmpty(clientState) || clientState.Length > 256) return (null, new(SsoErrors.InvalidGrant, "state is required (at most 256 characters)."));
        var view = await views.GetAsync(organization.Id, cancellationToken);
        if (view.IdentityProviderByName(providerName) is not { } stored) return (null, new(SsoErrors.InvalidGrant, $"identity provider '{providerName}' not found.", 404));
        var provider = stored.Value;
        var endpoints = await metadata.GetAsync(provider, cancellationToken);

        var handle = RandomTokens.Secret();
        var nonce = RandomTokens.Secret();
        var pkce = PkceChallenge.Create();
        await store.SaveAsync(view.Organization.Id, handle, new PendingAuthorization(provider.Id, redirectUri!, codeChallenge, clientState, nonce, pkce.Verifier),
            time.GetUtcNow() + options.Value.AuthorizationTimeout, cancellationToken);
        var url = new RequestUrl(endpoints.AuthorizationEndpoint).CreateAuthorizeUrl(
            clientId: provider.ClientId,
            responseType: "code",
            scope: string.Join(' ', provider.Scopes),
            redirectUri: CallbackUrl(controlPlane.Value),
            state: handle,
            nonce: nonce,
            codeChallenge: pkce.Challenge,
            codeChallengeMethod: PkceChallenge.Method);
        return (url, null);
    }

    /// <summary>
    /// The provider's answer at the callback: where to send the browser next (the client's redirect with a one-time code,
    /// or with an error), or a failure to show when the state is unknown, so there is nowhere safe to send it.
    /// </summary>
    public async Task<(string? Redirect, SignInFailure? Failure)> CompleteAuthorizationAsync(HttpContext http, string? code, string? state, string? error, string? errorDescription)
    {
        var cancellationToken = http.RequestAborted;
        if (string.IsNullOrEmpty(state) || state.Length > 256
            || await store.TakeAsync<PendingAuthorization>(organization.Id, state, cancellationToken) is not { } pending)
        {
            LogUnknownState(logger, http.Connection.RemoteIpAddress?.ToString());
            return (null, new(SsoErrors.InvalidGrant, "this sign-in is unknown, expired or already completed; start it again from the CLI."));
        }
        var view = await views.GetAsync(organization.Id, cancellationToken);
        if (!view.IdentityProviders.TryGetValue(pending.ProviderId, out var stored)) return (ClientError(pending, SsoErrors.AccessDenied, "the identity provider was deleted during sign-in."), null);
        var provider = stored.Value;
        if (error is not null)
        {
            var said = Shorten(errorDescription ?? error);
            await audit.RecordAsync(http, provider.Name, LoginAction, $"idp/{provider.Name}", null, AuditOutcome.Denied, $"the provider answered {Shorten(error)}: {said}");
            return (ClientError(pending, SsoErrors.AccessDenied, $"the identity provider refused the sign-in: {said}"), null);
        }
        if (string.IsNullOrEmpty(code) || code.Length > 4096) return (ClientError(pending, SsoErrors.InvalidGrant, "the identity provider sent no code."), null);

        User? user;
        string? refused;
        TokenResponse redeemed;
        try
        {
            var secret = await secrets.GetAsync(view.Organization.Id, provider.Id, cancellationToken);
            var endpoints = await metadata.GetAsync(provider, cancellationToken);
            redeemed = await providerTokens.RedeemCodeAsync(provider, secret, endpoints, code, pending.ProviderVerifier, CallbackUrl(controlPlane.Value), cancellationToken);
            (user, refused) = await SignInAsync(http, provider, redeemed, pending.Nonce);
        }
        catch (Exception e) when (e is IdentityProviderUnavailableException or HttpRequestException)
        {
            // The state is spent: the client must hear of the failure now, not wait at its loopback listener until it gives up.
            return (ClientError(pending, "temporarily_unavailable", Shorten(e.Message)), null);
        }
        if (user is null) return (ClientError(pending, SsoErrors.AccessDenied, refused!), null);

        var handle = RandomTokens.Secret();
        var protectedRefresh = redeemed.RefreshToken is { } refresh ? protector.Protect(refresh, ProviderRefreshContext(user.Id)) : null;
        await store.SaveAsync(view.Organization.Id, handle, new SignInCode(user.Id, provider.Id, pending.ClientChallenge, pending.ClientRedirectUri, protectedRefresh),
            time.GetUtcNow() + options.Value.CodeLifetime, cancellationToken);
        return (WithQuery(pending.ClientRedirectUri, ("code", handle), ("state", pending.ClientState)), null);
    }

    public Task<(SsoTokenResponse? Session, SignInFailure? Failure)> TokenAsync(HttpContext http, SsoTokenRequest request) => request.GrantType switch
    {
        SsoTokenRequest.AuthorizationCodeGrant => RedeemCodeAsync(http, request),
        SsoTokenRequest.RefreshTokenGrant => RefreshAsync(http, request.RefreshToken),
        SsoTokenRequest.DeviceCodeGrant => PollDeviceAsync(http, request.DeviceCode),
        _ => Task.FromResult<(SsoTokenResponse?, SignInFailure?)>((null, new("unsupported_grant_type",
            $"grantType must be {SsoTokenRequest.AuthorizationCodeGrant}, {SsoTokenRequest.RefreshTokenGrant} or {SsoTokenRequest.DeviceCodeGrant}."))),
    };

    public async Task<(DeviceAuthorizationResponse? Device, SignInFailure? Failure)> StartDeviceAsync(string providerName, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(organization.Id, cancellationToken);
        if (view.IdentityProviderByName(providerName) is not { } stored) return (null, new(SsoErrors.InvalidGrant, $"identity provider '{providerName}' not found.", 404));
        var provider = stored.Value;
        var endpoints = await metadata.GetAsync(provider, cancellationToken);
        if (string.IsNullOrEmpty(endpoints.DeviceAuthorizationEndpoint))
        {
            return (null, new(SsoErrors.InvalidGrant, $"identity provider '{provider.Name}' offers no device sign-in; use 'paralus login --sso {provider.Name}' in a browser."));
        }
        var secret = await secrets.GetAsync(view.Organization.Id, provider.Id, cancellationToken);
        var started = await providerTokens.StartDeviceAsync(provider, secret, endpoints, cancellationToken);
        if (started.IsError || started.DeviceCode is null || started.UserCode is null || started.VerificationUri is null)
        {
            throw new IdentityProviderUnavailableException($"identity provider '{provider.Name}' refused to start a device sign-in: {started.Error} {started.ErrorDescription}");
        }
        var now = time.GetUtcNow();
        var expiresAt = now + TimeSpan.FromSeconds(Math.Clamp(started.ExpiresIn ?? 600, 60, 1800));
        var interval = Math.Clamp(started.Interval, 1, 60);
        var handle = RandomTokens.Secret();
        await store.SaveAsync(view.Organization.Id, handle, new PendingDeviceSignIn(provider.Id, protector.Protect(started.DeviceCode, DeviceContext(handle)), interval, now, expiresAt),
            expiresAt, cancellationToken);
        return (new DeviceAuthorizationResponse(handle, started.UserCode, started.VerificationUri, started.VerificationUriComplete, expiresAt, interval), null);
    }

    /// <summary>Ends a refresh session; unknown tokens are no error, so signing out twice is harmless.</summary>
    public Task LogoutAsync(string refreshToken, CancellationToken cancellationToken) => store.DeleteAsync<RefreshSession>(organization.Id, refreshToken, cancellationToken);

    private async Task<(SsoTokenResponse?, SignInFailure?)> RedeemCodeAsync(HttpContext http, SsoTokenRequest request)
    {
        if (request.Code is not { Length: > 0 and <= 256 } code || request.CodeVerifier is not { Length: >= 43 and <= 128 } verifier || request.RedirectUri is null)
        {
            return (null, new(SsoErrors.InvalidGrant, "code, codeVerifier (43 to 128 characters) and redirectUri are required."));
        }
        if (await store.TakeAsync<SignInCode>(organization.Id, code, http.RequestAborted) is not { } issued)
        {
            return (null, new(SsoErrors.InvalidGrant, "the code is unknown, expired or already used; sign in again."));
        }
        if (!string.Equals(issued.ClientRedirectUri, request.RedirectUri, StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(PkceChallenge.ChallengeOf(verifier)), Encoding.ASCII.GetBytes(issued.ClientChallenge)))
        {
            LogCodeMismatch(logger, http.Connection.RemoteIpAddress?.ToString());
            return (null, new(SsoErrors.InvalidGrant, "the code was not issued for this redirect URI and PKCE verifier; sign in again."));
        }
        return await StartSessionAsync(http, issued.UserId, issued.ProviderId, issued.ProtectedProviderRefreshToken, null);
    }

    private async Task<(SsoTokenResponse?, SignInFailure?)> RefreshAsync(HttpContext http, string? refreshToken)
    {
        var cancellationToken = http.RequestAborted;
        if (refreshToken is not { Length: > 0 and <= 256 } || await store.TakeAsync<RefreshSession>(organization.Id, refreshToken, cancellationToken) is not { } session)
        {
            return (null, new(SsoErrors.InvalidGrant, "the refresh token is unknown, expired or already used; sign in again."));
        }
        var view = await views.GetAsync(organization.Id, cancellationToken);
        if (!view.IdentityProviders.TryGetValue(session.ProviderId, out var stored)) return (null, new(SsoErrors.InvalidGrant, "the identity provider of this sign-in was deleted; sign in again."));
        if (!view.Users.TryGetValue(session.UserId, out var known) || !known.Value.Active
            || (known.Value.CredentialsRevokedBefore is { } revoked && session.CreatedAt < revoked))
        {
            return (null, new(SsoErrors.InvalidGrant, "this sign-in was revoked or the user deactivated; sign in again."));
        }
        var provider = stored.Value;
        var providerRefresh = session.ProtectedProviderRefreshToken is { } sealedToken ? protector.Unprotect(sealedToken, ProviderRefreshContext(session.UserId)) : null;
        if (providerRefresh is null)
        {
            // The provider gave no refresh token: the person stays as the directory has them until the session ends.
            return await StartSessionAsync(http, known.Value.Id, provider.Id, null, session);
        }

        var secret = await secrets.GetAsync(view.Organization.Id, provider.Id, cancellationToken);
        var endpoints = await metadata.GetAsync(provider, cancellationToken);
        var refreshed = await providerTokens.RefreshAsync(provider, secret, endpoints, providerRefresh, cancellationToken);
        if (refreshed.IsError)
        {
            await audit.RecordAsync(http, known.Value.Name, LoginAction, $"user/{known.Value.Name}", null, AuditOutcome.Denied,
                $"refresh refused by identity provider '{provider.Name}': {Shorten(refreshed.Error ?? "error")}");
            return (null, new(SsoErrors.InvalidGrant, $"identity provider '{provider.Name}' no longer accepts this sign-in ({Shorten(refreshed.ErrorDescription ?? refreshed.Error ?? "refused")}); sign in again."));
        }
        if (refreshed.IdentityToken is not null)
        {
            var (user, refused) = await SignInAsync(http, provider, refreshed, nonce: null, expectedUserId: known.Value.Id);
            if (user is null) return (null, new(SsoErrors.InvalidGrant, refused!));
        }
        var nextRefresh = protector.Protect(refreshed.RefreshToken ?? providerRefresh, ProviderRefreshContext(known.Value.Id));
        return await StartSessionAsync(http, known.Value.Id, provider.Id, nextRefresh, session);
    }

    private async Task<(SsoTokenResponse?, SignInFailure?)> PollDeviceAsync(HttpContext http, string? deviceCode)
    {
        var cancellationToken = http.RequestAborted;
        if (deviceCode is not { Length: > 0 and <= 256 } || await store.PeekAsync<PendingDeviceSignIn>(organization.Id, deviceCode, cancellationToken) is not { } pending)
        {
            return (null, new(SsoErrors.ExpiredToken, "this device sign-in is unknown or has expired; start it again."));
        }
        var now = time.GetUtcNow();
        if (now < pending.NextPollAt)
        {
            var slower = await PollLaterAsync(deviceCode, pending, now, pending.IntervalSeconds + 5, cancellationToken);
            return (null, new(SsoErrors.SlowDown, $"polling too fast; wait {slower} s between requests."));
        }
        var view = await views.GetAsync(organization.Id, cancellationToken);
        if (!view.IdentityProviders.TryGetValue(pending.ProviderId, out var stored)) return (null, new(SsoErrors.AccessDenied, "the identity provider was deleted during sign-in."));
        var provider = stored.Value;
        var providerCode = protector.Unprotect(pending.ProtectedDeviceCode, DeviceContext(deviceCode))
            ?? throw new InvalidOperationException("a stored device code does not decrypt: the secrets key changed.");
        var secret = await secrets.GetAsync(view.Organization.Id, provider.Id, cancellationToken);
        var endpoints = await metadata.GetAsync(provider, cancellationToken);
        var polled = await providerTokens.PollDeviceAsync(provider, secret, endpoints, providerCode, cancellationToken);
        if (polled.IsError && polled.Error is SsoErrors.AuthorizationPending or SsoErrors.SlowDown)
        {
            var interval = await PollLaterAsync(deviceCode, pending, now, pending.IntervalSeconds + (polled.Error == SsoErrors.SlowDown ? 5 : 0), cancellationToken);
            return (null, new(polled.Error, polled.Error == SsoErrors.SlowDown ? $"polling too fast; wait {interval} s." : "waiting for the person to sign in at the provider."));
        }
        // Whatever comes now ends this device sign-in: only one poll may turn it into a session.
        if (await store.TakeAsync<PendingDeviceSignIn>(organization.Id, deviceCode, cancellationToken) is null)
        {
            return (null, new(SsoErrors.ExpiredToken, "this device sign-in has already completed or expired; start it again."));
        }
        if (polled.IsError)
        {
            var error = polled.Error is SsoErrors.AccessDenied or SsoErrors.ExpiredToken ? polled.Error : SsoErrors.AccessDenied;
            return (null, new(error, $"identity provider '{provider.Name}' ended the device sign-in: {Shorten(polled.ErrorDescription ?? polled.Error ?? "refused")}."));
        }
        var (user, refused) = await SignInAsync(http, provider, polled, nonce: null);
        if (user is null) return (null, new(SsoErrors.AccessDenied, refused!));
        var protectedRefresh = polled.RefreshToken is { } refresh ? protector.Protect(refresh, ProviderRefreshContext(user.Id)) : null;
        return await StartSessionAsync(http, user.Id, provider.Id, protectedRefresh, null);
    }

    /// <summary>Remembers when the client may poll next (within the provider's expiry of the code); returns the interval.</summary>
    private async Task<int> PollLaterAsync(string deviceCode, PendingDeviceSignIn pending, DateTimeOffset now, int interval, CancellationToken cancellationToken)
    {
        await store.SaveAsync(organization.Id, deviceCode, pending with { IntervalSeconds = interval, NextPollAt = now + TimeSpan.FromSeconds(interval) }, pending.ExpiresAt,
            cancellationToken);
        return interval;
    }

    /// <summary>
    /// Validates the provider's ID token and signs the person in to the directory (created on first sign-in, groups
    /// made to match). <paramref name="expectedUserId"/> (on refresh) must be who the token names.
    /// </summary>
    private async Task<(User? User, string? Refusal)> SignInAsync(HttpContext http, IdentityProvider provider, TokenResponse response, string? nonce, string? expectedUserId = null)
    {
        string refusal;
        if (response.IsError || response.IdentityToken is null)
        {
            refusal = response.IsError
                ? $"identity provider '{provider.Name}' refused the code: {Shorten($"{response.Error} ({response.ErrorDescription})")}"
                : $"identity provider '{provider.Name}' returned no ID token (is the openid scope granted?).";
        }
        else
        {
            var check = await validator.ValidateAsync(provider, response.IdentityToken, nonce, http.RequestAborted);
            if (check is { Identity: not null, GroupsOverage: true })
            {
                var secret = await secrets.GetAsync(organization.Id, provider.Id, http.RequestAborted);
                var endpoints = await metadata.GetAsync(provider, http.RequestAborted);
                check = check with { Identity = check.Identity with { Groups = await entraGroups.GroupIdsAsync(provider, secret, endpoints, check.Identity.Subject, http.RequestAborted) } };
            }
            if (check.Identity is { } identity)
            {
                var result = await writer.MutateAsync(organization.Id, new SignInExternalUser(provider, identity, RandomTokens.Id(), time.GetUtcNow()).Plan, http.RequestAborted);
                if (result.Value is { } user && (expectedUserId is null || user.Id == expectedUserId))
                {
                    await audit.RecordAsync(http, user.Name, LoginAction, $"user/{user.Name}", null, AuditOutcome.Success, $"signed in through identity provider '{provider.Name}'");
                    return (user, null);
                }
                refusal = result.Error?.Message ?? "the ID token names another person than this sign-in's.";
                await audit.RecordAsync(http, identity.Username, LoginAction, $"idp/{provider.Name}", null, AuditOutcome.Denied, refusal);
                return (null, refusal);
            }
            refusal = check.Refusal!;
        }
        LogRefused(logger, provider.Name, refusal);
        await audit.RecordAsync(http, provider.Name, LoginAction, $"idp/{provider.Name}", null, AuditOutcome.Denied, refusal);
        return (null, refusal);
    }

    /// <summary>A session and a fresh refresh token; a refresh keeps the sign-in's original end.</summary>
    private async Task<(SsoTokenResponse?, SignInFailure?)> StartSessionAsync(HttpContext http, string userId, string providerId, string? protectedProviderRefresh, RefreshSession? previous)
    {
        var view = await views.GetAsync(organization.Id, http.RequestAborted);
        if (!view.Users.TryGetValue(userId, out var user) || !user.Value.Active) return (null, new(SsoErrors.AccessDenied, "this account is deactivated; ask an administrator."));
        var providerName = view.IdentityProviders.TryGetValue(providerId, out var provider) ? provider.Value.Name : providerId;
        var now = time.GetUtcNow();
        var refreshExpiresAt = previous?.ExpiresAt ?? now + options.Value.RefreshSessionLifetime;
        var (token, expiresAt) = sessions.Issue(view.Organization.Id, user.Value.Id, user.Value.Name);
        var refreshToken = RandomTokens.Secret();
        await store.SaveAsync(view.Organization.Id, refreshToken, new RefreshSession(user.Value.Id, providerId, protectedProviderRefresh, previous?.CreatedAt ?? now, refreshExpiresAt),
            refreshExpiresAt, http.RequestAborted);
        return (new SsoTokenResponse(token, expiresAt < refreshExpiresAt ? expiresAt : refreshExpiresAt, user.Value.Name, providerName, refreshToken, refreshExpiresAt), null);
    }

    private static string ClientError(PendingAuthorization pending, string error, string description) =>
        WithQuery(pending.ClientRedirectUri, ("error", error), ("error_description", description), ("state", pending.ClientState));

    private static string WithQuery(string url, params (string Name, string Value)[] parameters) =>
        url + "?" + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    private string ProviderRefreshContext(string userId) => $"idp-refresh|{organization.Id}|{userId}";

    private string DeviceContext(string handle) => $"idp-device|{organization.Id}|{Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(handle)))}";

    /// <summary>Provider-supplied text goes into messages and the audit: bounded, one line.</summary>
    private static string Shorten(string text) => (text.Length > 200 ? text[..200] : text).ReplaceLineEndings(" ");

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Company sign-in through {Provider} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Sign-in callback from {ClientAddress} with an unknown, expired or used state")]
    private static partial void LogUnknownState(ILogger logger, string? clientAddress);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Sign-in code from {ClientAddress} presented with another redirect URI or PKCE verifier; the code is spent")]
    private static partial void LogCodeMismatch(ILogger logger, string? clientAddress);
}
