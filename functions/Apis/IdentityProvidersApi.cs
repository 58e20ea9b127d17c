using Microsoft.Extensions.Options;
using Paralus.Domain.Contracts;
using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Security;
using Paralus.Functions.Configuration;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;
using Paralus.Functions.SignIn;
using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.Apis;

/// <summary>
/// The organization's identity providers. A client secret is written to its own encrypted store before the provider
/// exists and is never returned; responses say only whether one is stored.
/// </summary>
internal static class IdentityProvidersApi
{
    public static RouteGroupBuilder MapIdentityProvidersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/idps").WithFunction("idps").WithTags("Identity providers").ProducesCallerProblems();
        api.MapGet("/", List).WithName("ListIdentityProviders").WithSummary("List the organization's identity providers.");
        api.MapPost("/", Create).WithName("CreateIdentityProvider").WithSummary("Add an OIDC or Entra ID identity provider.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{name}", Get).WithName("GetIdentityProvider").WithSummary("Get an identity provider.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/{name}", Update).WithName("UpdateIdentityProvider").WithSummary("Change an identity provider's client, secret, scopes, claims or group mappings.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapDelete("/{name}", Delete).WithName("DeleteIdentityProvider").WithSummary("Delete an identity provider; its users stay but cannot sign in through it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<ListResponse<IdentityProviderResource>>, ProblemHttpResult, ValidationProblem>> List(HttpContext http, ControlPlane cp,
        IdentityProviderSecrets secrets, IOptions<RegistrationOptions> controlPlane, int? limit, string? @continue)
    {
        if (Paging.Validate(limit, @continue) is { } invalid) return invalid;
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.OidcRead, PolicyTarget.Organization) is { } denied) return denied;
        var withSecret = await secrets.ProvidersWithSecretAsync(access.View.Organization.Id, http.RequestAborted);
        return TypedResults.Ok(Paging.Page(access.View.IdentityProviders.Values, p => p.Value.Name,
            p => ToResource(p, access.View, withSecret.Contains(p.Value.Id), controlPlane.Value), limit, @continue));
    }

    public static async Task<Results<Ok<IdentityProviderResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp, IdentityProviderSecrets secrets,
        IOptions<RegistrationOptions> controlPlane, string name)
    {
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.OidcRead, PolicyTarget.Organization) is { } denied) return denied;
        if (access.View.IdentityProviderByName(name) is not { } provider) return Problems.NotFound("identity provider", name);
        var withSecret = await secrets.ProvidersWithSecretAsync(access.View.Organization.Id, http.RequestAborted);
        return TypedResults.Ok(ToResource(provider, access.View, withSecret.Contains(provider.Value.Id), controlPlane.Value));
    }

    public static Task<Results<Created<IdentityProviderResource>, ProblemHttpResult, ValidationProblem>> Create(HttpContext http, ControlPlane cp,
        IdentityProviderSecrets secrets, IOptions<RegistrationOptions> controlPlane, CreateIdentityProviderRequest request) =>
        cp.ExecuteAsync<Created<IdentityProviderResource>>(http, new Operation(Permissions.OidcWrite, "idp.create", $"idp/{request.Name}"), PolicyTarget.Organization, null, async granted =>
        {
            if (NameRules.DnsLabel("identity provider", request.Name) is { } nameError) return Problems.Invalid("name", nameError);
            if (!Enum.TryParse<IdentityProviderKind>(request.Kind ?? "oidc", ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                return Problems.Invalid("kind", "kind must be oidc or entra.");
            }
            if (kind == IdentityProviderKind.Entra && IdentityProviderSettings.TenantId(request.TenantId) is { } tenantError) return Problems.Invalid("tenantId", tenantError);
            if (kind == IdentityProviderKind.Oidc && request.TenantId is not null) return Problems.Invalid("tenantId", "tenantId is for kind entra only.");
            var issuer = request.Issuer ?? (kind == IdentityProviderKind.Entra ? IdentityProviderSettings.EntraIssuer(request.TenantId!) : null);
            if (Check(request.ClientId, request.ClientSecret, request.Scopes, request.UsernameClaim, request.GroupsClaim) is { } invalid) return invalid;
            if (IdentityProviderSettings.Issuer(issuer) is { } issuerError) return Problems.Invalid("issuer", issuerError);
            if (Mappings(request.GroupMappings, granted.Access.View) is not { } mappings) return MappingProblem(request.GroupMappings!, granted.Access.View);

            var provider = new IdentityProvider(RandomTokens.Id(), request.Name, kind, issuer!, request.ClientId,
                IdentityProviderSettings.WithOpenId(request.Scopes ?? IdentityProviderSettings.DefaultScopes),
                IdentityProviderSettings.DefaultSubjectClaim(kind), request.UsernameClaim ?? IdentityProviderSettings.DefaultUsernameClaim(kind),
                request.GroupsClaim ?? IdentityProviderSettings.DefaultGroupsClaim, mappings, cp.Time.GetUtcNow(), request.TenantId?.ToLowerInvariant());
            var organizationId = granted.Access.View.Organization.Id;
            // The secret goes first: a provider must never exist for a moment without the secret it was created with.
            if (request.ClientSecret is { } secret) await secrets.SetAsync(organizationId, provider.Id, secret, http.RequestAborted);
            var (_, failed) = await granted.MutateAsync(new CreateIdentityProvider(provider), $"issuer {provider.Issuer} client {provider.ClientId}");
            if (failed is not null)
            {
                if (request.ClientSecret is not null) await secrets.DeleteAsync(organizationId, provider.Id, http.RequestAborted);
                return failed;
            }
            var view = await granted.RefreshAsync();
            return TypedResults.Created($"/api/v1/idps/{Uri.EscapeDataString(provider.Name)}",
                ToResource(view.IdentityProviderByName(provider.Name)!, view, request.ClientSecret is not null, controlPlane.Value));
        });

    public static Task<Results<Ok<IdentityProviderResource>, ProblemHttpResult, ValidationProblem>> Update(HttpContext http, ControlPlane cp,
        IdentityProviderSecrets secrets, IOptions<RegistrationOptions> controlPlane, string name, UpdateIdentityProviderRequest request) =>
        cp.ExecuteAsync<Ok<IdentityProviderResource>>(http, new Operation(Permissions.OidcWrite, "idp.update", $"idp/{name}"), PolicyTarget.Organization, null, async granted =>
        {
            if (granted.Access.View.IdentityProviderByName(name) is not { } existing) return Problems.NotFound("identity provider", name);
            if (request.ClientId is not null && IdentityProviderSettings.ClientId(request.ClientId) is { } clientError) return Problems.Invalid("clientId", clientError);
            if (Check(request.ClientId ?? existing.Value.ClientId, request.ClientSecret, request.Scopes, request.UsernameClaim, request.GroupsClaim) is { } invalid) return invalid;
            IReadOnlyList<GroupMapping>? mappings = null;
            if (request.GroupMappings is not null && (mappings = Mappings(request.GroupMappings, granted.Access.View)) is null) return MappingProblem(request.GroupMappings, granted.Access.View);

            var detail = request.ClientSecret is null ? null : "client secret replaced";
            var (_, failed) = await granted.MutateAsync(new UpdateIdentityProvider(name, request.ClientId, request.Scopes, request.UsernameClaim, request.GroupsClaim, mappings,
                IfMatch.From(http)), detail);
            if (failed is not null) return failed;
            if (request.ClientSecret is { } secret) await secrets.SetAsync(granted.Access.View.Organization.Id, existing.Value.Id, secret, http.RequestAborted);
            var view = await granted.RefreshAsync();
            var withSecret = await secrets.ProvidersWithSecretAsync(view.Organization.Id, http.RequestAborted);
            return TypedResults.Ok(ToResource(view.IdentityProviderByName(name)!, view, withSecret.Contains(existing.Value.Id), controlPlane.Value));
        });

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(HttpContext http, ControlPlane cp, IdentityProviderSecrets secrets, string name) =>
        cp.ExecuteAsync<NoContent>(http, new Operation(Permissions.OidcWrite, "idp.delete", $"idp/{name}"), PolicyTarget.Organization, null, async granted =>
        {
            var id = granted.Access.View.IdentityProviderByName(name)?.Value.Id;
            var (_, failed) = await granted.MutateAsync(new DeleteIdentityProvider(name));
            if (failed is not null) return failed;
            await secrets.DeleteAsync(granted.Access.View.Organization.Id, id!, http.RequestAborted);
            return TypedResults.NoContent();
        });

    private static ValidationProblem? Check(string clientId, string? clientSecret, IReadOnlyList<string>? scopes, string? usernameClaim, string? groupsClaim) =>
        IdentityProviderSettings.ClientId(clientId) is { } clientError ? Problems.Invalid("clientId", clientError)
        : IdentityProviderSettings.ClientSecret(clientSecret) is { } secretError ? Problems.Invalid("clientSecret", secretError)
        : IdentityProviderSettings.Scopes(scopes) is { } scopesError ? Problems.Invalid("scopes", scopesError)
        : IdentityProviderSettings.Claim("usernameClaim", usernameClaim) is { } usernameError ? Problems.Invalid("usernameClaim", usernameError)
        : IdentityProviderSettings.Claim("groupsClaim", groupsClaim) is { } groupsError ? Problems.Invalid("groupsClaim", groupsError)
        : null;

    /// <summary>The mappings with group names resolved to ids; null when one is invalid or names no group.</summary>
    private static List<GroupMapping>? Mappings(IReadOnlyList<GroupMappingResource>? requested, DirectoryView view)
    {
        if (requested is null) return [];
        if (requested.Count > IdentityProviderSettings.MaxMappings) return null;
        var mappings = new List<GroupMapping>(requested.Count);
        foreach (var mapping in requested)
        {
            if (IdentityProviderSettings.IdpGroup(mapping.IdpGroup) is not null || view.GroupByName(mapping.Group) is not { } group) return null;
            mappings.Add(new GroupMapping(mapping.IdpGroup, group.Value.Id));
        }
        return mappings;
    }

    private static ValidationProblem MappingProblem(IReadOnlyList<GroupMappingResource> requested, DirectoryView view)
    {
        if (requested.Count > IdentityProviderSettings.MaxMappings) return Problems.Invalid("groupMappings", $"at most {IdentityProviderSettings.MaxMappings} group mappings.");
        var bad = requested.First(m => IdentityProviderSettings.IdpGroup(m.IdpGroup) is not null || view.GroupByName(m.Group) is null);
        return IdentityProviderSettings.IdpGroup(bad.IdpGroup) is { } groupError
            ? Problems.Invalid("groupMappings", groupError)
            : Problems.Invalid("groupMappings", $"group '{bad.Group}' of mapping '{bad.IdpGroup}' not found; create the group first.");
    }

    private static IdentityProviderResource ToResource(Stored<IdentityProvider> stored, DirectoryView view, bool hasSecret, RegistrationOptions controlPlane)
    {
        var p = stored.Value;
        return new IdentityProviderResource(p.Name, p.Kind.ToString().ToLowerInvariant(), p.Issuer, p.ClientId, hasSecret, p.Scopes, p.SubjectClaim, p.UsernameClaim, p.GroupsClaim,
            p.GroupMappings.Select(m => new GroupMappingResource(m.IdpGroup, ResourceMapper.GroupName(view, m.GroupId))).ToArray(),
            CompanySignIn.CallbackUrl(controlPlane), p.CreatedAt, stored.ETag, p.TenantId);
    }
}
