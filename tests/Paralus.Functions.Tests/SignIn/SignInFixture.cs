using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.SignIn;

/// <summary>
/// A real OIDC provider (oidc-provider) with three issuers — <c>/corp</c>, <c>/other</c> and an Entra-shaped
/// <c>/TENANT/v2.0</c> — and a control plane on a known port whose sign-in callback each issuer has registered.
/// </summary>
public sealed class SignInFixture : IAsyncLifetime
{
    public const string Tenant = "4f2c7a10-8d2e-4c55-9a55-0d6b1c1e2f30";
    public const string OtherTenant = "9e3d2b11-0000-4c55-9a55-0d6b1c1e2f31";
    public const string CorpSecret = "corp-client-secret-1";
    public const string EntraPath = "/" + Tenant + "/v2.0";
    private AzuriteServer? _azurite;

    public ControlPlaneServer Server { get; private set; } = null!;

    public OidcProviderServer Idp { get; private set; } = null!;

    public AzuriteServer Azurite => _azurite!;

    public string AdminToken { get; private set; } = null!;

    /// <summary>The identity provider of <c>/corp</c>, mapping the provider's group <c>devs</c> to the Paralus group <c>developers</c>.</summary>
    public string Corp { get; private set; } = null!;

    /// <summary>The identity provider of <c>/other</c>.</summary>
    public string Other { get; private set; } = null!;

    /// <summary>The Entra-shaped identity provider of tenant <see cref="Tenant"/>.</summary>
    public string Entra { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        var port = FreePort.Next();
        string[] callback = [$"http://127.0.0.1:{port}/api/v1/sso/callback"];
        var paralus = new OidcClient("paralus", CorpSecret, callback, OidcClient.AllGrants);
        Idp = await OidcProviderServer.StartAsync(new OidcProviderConfig(new Dictionary<string, OidcIssuerConfig>
        {
            ["/corp"] = new([paralus, new OidcClient("other-app", "other-app-secret", ["http://127.0.0.1:9/cb"], OidcClient.AllGrants)], new Dictionary<string, OidcAccount>
            {
                ["alice"] = new(Email: "alice@corp.example", Groups: ["devs"]),
                ["bob"] = new(Email: "bob@corp.example", Groups: ["ops", "devs"]),
                ["carol"] = new(Email: "carol@corp.example", Groups: []),
                ["dave"] = new(Email: "dave@corp.example", Groups: ["devs"]),
                ["erin"] = new(Email: "erin@corp.example", Groups: ["devs"]),
                ["frank"] = new(Email: "frank@corp.example", Groups: ["devs"]),
                ["nomail"] = new(Name: "No Mail"),
                ["overage"] = new(Email: "overage@corp.example", Groups: ["devs"], Overage: true),
            }),
            ["/other"] = new([paralus with { ClientSecret = "other-client-secret" }], new Dictionary<string, OidcAccount>
            {
                ["alice-elsewhere"] = new(Email: "alice@corp.example", Groups: ["devs"]),
            }),
            [EntraPath] = new([paralus with { ClientSecret = "entra-client-secret" }], new Dictionary<string, OidcAccount>
            {
                ["eve"] = new(PreferredUsername: "eve@tenant.example", Oid: "0b6d6a9e-eve", Tid: Tenant, Groups: ["devs"]),
                ["mallory"] = new(PreferredUsername: "mallory@elsewhere.example", Oid: "0b6d6a9e-mallory", Tid: OtherTenant),
                // More groups than a token carries: only Graph lists them, two to a page, with a directory role among them.
                ["olivia"] = new(PreferredUsername: "olivia@tenant.example", Oid: "0b6d6a9e-olivia", Tid: Tenant, Overage: true,
                    Groups: ["g-1", "g-2", "g-3", "g-4", "g-5"], Roles: ["role-global-admin"]),
            }) { GraphPageSize = 2 },
        }));
        Server = await ControlPlaneServer.StartAsync(_azurite, "s" + Guid.NewGuid().ToString("N")[..10], port: port,
            settings: new Dictionary<string, string?> { ["Paralus:SignIn:GraphBaseUrl"] = Idp.GraphBaseUrl.ToString() });
        AdminToken = await Server.LoginAsAdminAsync();
        Corp = await AddProviderAsync("/corp", CorpSecret, [new("devs", "developers")]);
        Other = await AddProviderAsync("/other", "other-client-secret");
        Entra = await AddProviderAsync(EntraPath, "entra-client-secret", [new("g-5", "graph-developers"), new("role-global-admin", "graph-admins")], kind: "entra", tenant: Tenant);
    }

    public HttpClient Admin() => Server.Client(AdminToken);

    /// <summary>Adds an identity provider (unique name) for <paramref name="issuerPath"/>; a group per mapping is created first.</summary>
    private async Task<string> AddProviderAsync(string issuerPath, string secret, IReadOnlyList<GroupMappingResource>? mappings = null, string? kind = null, string? tenant = null)
    {
        using var admin = Admin();
        foreach (var group in (mappings ?? []).Select(m => m.Group).Distinct())
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group));
        }
        var name = ApiCalls.Unique("idp");
        using var response = await admin.PostAsJsonAsync("/api/v1/idps", new CreateIdentityProviderRequest(name, "paralus", kind, Idp.IssuerUrl(issuerPath), tenant, secret,
            GroupMappings: mappings));
        await response.ReadAsync<IdentityProviderResource>(System.Net.HttpStatusCode.Created);
        return name;
    }

    public Task<BrowserSignIn> SignInWithBrowserAsync(string provider, string account) => SsoSignIn.WithBrowserAsync(Server.BaseAddress, provider, account);

    public Task<HttpResponseMessage> RedeemAsync(BrowserSignIn signIn, string? verifier = null, string? redirectUri = null) =>
        SsoSignIn.RedeemAsync(Server.BaseAddress, signIn, verifier, redirectUri);

    public Task<SsoTokenResponse> SignInAsync(string provider, string account) => SsoSignIn.SessionAsync(Server.BaseAddress, provider, account);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Idp.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SignInCollection : ICollectionFixture<SignInFixture>
{
    public const string Name = "company sign-in";
}
