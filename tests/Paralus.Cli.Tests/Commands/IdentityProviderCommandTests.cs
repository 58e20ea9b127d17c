using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>create|get|update|delete idp</c>: the requests they send and what the admin sees.</summary>
public sealed class IdentityProviderCommandTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private static readonly IdentityProviderResource Corp = new(
        "corp", "oidc", "https://login.corp.example", "paralus-cli-app", true, ["openid", "email", "groups"], "sub", "email", "groups",
        [new GroupMappingResource("k8s-admins", "Organization Admins"), new GroupMappingResource("devs", "AWS Project Members")],
        "https://paralus.corp.example/api/v1/sso/corp/callback", CliTestHost.Now.AddDays(-2), "\"1\"");

    private readonly CliTestHost _host = new();

    [Fact]
    public async Task CreateIdp_WithMappingsAndSecretFromStdin_PostsThemAll_AndSaysWhichRedirectUriToRegister()
    {
        Prepare("POST", "/api/v1/idps", 201, Corp);

        var result = await _host.RunAsync(
            "create idp corp --issuer https://login.corp.example --client-id paralus-cli-app --client-secret-stdin --scopes openid,email,groups " +
            "--username-claim email --groups-claim groups --group-mapping k8s-admins=\"Organization Admins\" --group-mapping \"devs=AWS Project Members\"",
            "s3cr3t-value\n");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("POST", "/api/v1/idps", """
            {"name":"corp","clientId":"paralus-cli-app","issuer":"https://login.corp.example","clientSecret":"s3cr3t-value",
             "scopes":["openid","email","groups"],"usernameClaim":"email","groupsClaim":"groups",
             "groupMappings":[{"idpGroup":"k8s-admins","group":"Organization Admins"},{"idpGroup":"devs","group":"AWS Project Members"}]}
            """);
        Assert.Equal(
            "idp/corp created\nRegister this redirect URI at the provider: https://paralus.corp.example/api/v1/sso/corp/callback\n",
            result.Output.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("s3cr3t-value", result.Output + result.Error);
    }

    [Fact]
    public async Task CreateIdp_Entra_SendsKindAndTenant_WithoutAnIssuer()
    {
        Prepare("POST", "/api/v1/idps", 201, Corp with { Name = "entra", Kind = "entra" });

        var result = await _host.RunAsync("create idp entra --entra --tenant-id 7c1a-tenant --client-id app-1");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("POST", "/api/v1/idps", """{"name":"entra","clientId":"app-1","kind":"entra","tenantId":"7c1a-tenant"}""");
    }

    [Theory]
    [InlineData("create idp corp --issuer https://login.corp.example --client-id app --client-secret s3cr3t", "secrets are read only from standard input, use --client-secret-stdin")]
    [InlineData("create idp corp --client-id app", "--issuer URL is required")]
    [InlineData("create idp corp --entra --client-id app", "--entra needs --tenant-id")]
    [InlineData("create idp corp --issuer https://login.corp.example", "--client-id ID is required")]
    [InlineData("create idp corp --issuer https://login.corp.example --client-id app --group-mapping devs", "use IDP_GROUP=PARALUS_GROUP")]
    [InlineData("update idp corp --client-secret s3cr3t", "use --client-secret-stdin")]
    public async Task CreateOrUpdateIdp_Refused_BeforeAnyRequest(string commandLine, string message)
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync(commandLine);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    [Fact]
    public async Task GetIdps_Table_ShowsKindIssuerClientSecretMappingsAndRedirectUri()
    {
        Prepare("GET", "/api/v1/idps", 200, ContractSamples.List(Corp));

        var result = await _host.RunAsync("get idps");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Equal(["NAME", "KIND", "ISSUER", "CLIENT", "ID", "SECRET", "GROUP", "MAPPINGS", "REDIRECT", "URI", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            ["corp", "oidc", "https://login.corp.example", "paralus-cli-app", "set", "k8s-admins=Organization", "Admins,devs=AWS", "Project", "Members",
             "https://paralus.corp.example/api/v1/sso/corp/callback", "2d"],
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task GetIdp_Json_ShowsTheResource()
    {
        Prepare("GET", "/api/v1/idps/corp", 200, Corp);

        var result = await _host.RunAsync("get idp corp -o json");

        Assert.True(result.ExitCode == 0, result.Error);
        var idp = JsonNode.Parse(result.Output)!;
        Assert.Equal("https://paralus.corp.example/api/v1/sso/corp/callback", (string?)idp["redirectUri"]);
        Assert.True((bool)idp["hasClientSecret"]!);
        Assert.Equal("Organization Admins", (string?)idp["groupMappings"]![0]!["group"]);
    }

    [Fact]
    public async Task UpdateIdp_SendsOnlyWhatWasGiven_AsAPatch()
    {
        Prepare("PATCH", "/api/v1/idps/corp", 200, Corp);

        var result = await _host.RunAsync("update idp corp --client-secret-stdin --group-mapping ops=Operators", "rotated\n");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("PATCH", "/api/v1/idps/corp", """{"clientSecret":"rotated","groupMappings":[{"idpGroup":"ops","group":"Operators"}]}""");
        Assert.StartsWith("idp/corp updated", result.Output);
    }

    [Fact]
    public async Task UpdateIdp_ClearGroupMappings_SendsAnEmptyList()
    {
        Prepare("PATCH", "/api/v1/idps/corp", 200, Corp);

        var result = await _host.RunAsync("update idp corp --clear-group-mappings");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("PATCH", "/api/v1/idps/corp", """{"groupMappings":[]}""");
    }

    [Fact]
    public async Task DeleteIdp_SendsDelete_AndConfirms()
    {
        Prepare("DELETE", "/api/v1/idps/corp", 204, null);

        var result = await _host.RunAsync("delete idp corp");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(("DELETE", "/api/v1/idps/corp"), (fixture.Server.SingleRequest.Method, fixture.Server.SingleRequest.Path));
        Assert.Equal("idp/corp deleted", result.Output.Trim());
    }

    public void Dispose() => _host.Dispose();

    private void Prepare(string method, string path, int status, object? body)
    {
        fixture.Server.Reset();
        fixture.Server.Respond(method, path, status, body);
        _host.SignIn(fixture.Server.Url);
    }

    private void AssertSent(string method, string path, string body)
    {
        var request = fixture.Server.SingleRequest;
        Assert.Equal((method, path, "Bearer session-token"), (request.Method, request.Path, request.Authorization));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(request.Body)), $"sent {request.Body}");
    }
}
