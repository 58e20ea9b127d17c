using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>whoami</c> after company sign-in: the provider, when the session ends, and the roles held.</summary>
public sealed class WhoAmITests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private static readonly WhoAmIResponse Alice = new(
        "alice@corp.example", "sso", ["k8s-admins"], "session", "corp", CliTestHost.Now.AddHours(2),
        [new EffectiveRole("PROJECT_ADMIN", "project/aws", "group/k8s-admins"), new EffectiveRole("NAMESPACE_ADMIN", "project/gcp/namespace/apple", "user")]);

    private readonly CliTestHost _host = new();

    [Fact]
    public async Task WhoAmI_Table_ShowsProviderExpiryAndRoles()
    {
        var result = await RunAsync("whoami");

        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Equal(["USER", "KIND", "GROUPS", "AUTHENTICATED", "BY", "IDP", "EXPIRES", "ROLES"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            ["alice@corp.example", "sso", "k8s-admins", "session", "corp", "2h", "PROJECT_ADMIN@project/aws,NAMESPACE_ADMIN@project/gcp/namespace/apple"],
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task WhoAmI_Json_ShowsEveryRoleWithWhereAndThroughWhat()
    {
        var result = await RunAsync("whoami -o json");

        var roles = JsonNode.Parse(result.Output)!["roles"]!.AsArray();
        Assert.Equal(2, roles.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"role":"PROJECT_ADMIN","scope":"project/aws","via":"group/k8s-admins"}"""), roles[0]));
        Assert.Equal("corp", (string?)JsonNode.Parse(result.Output)!["identityProvider"]);
    }

    [Fact]
    public async Task WhoAmI_Yaml_ShowsTheRolesToo()
    {
        var result = await RunAsync("whoami -o yaml");

        Assert.Contains("via: group/k8s-admins", result.Output);
        Assert.Contains("scope: project/gcp/namespace/apple", result.Output);
    }

    public void Dispose() => _host.Dispose();

    private async Task<CliResult> RunAsync(string commandLine)
    {
        fixture.Server.Reset();
        fixture.Server.Respond("GET", "/api/v1/auth/whoami", 200, Alice);
        _host.SignIn(fixture.Server.Url);
        var result = await _host.RunAsync(commandLine);
        Assert.True(result.ExitCode == 0, result.Error);
        return result;
    }
}
