using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Paralus.Domain.Contracts;

namespace Paralus.Relay.Tests;

/// <summary>
/// The whole company sign-in path with real parts: a person in the provider's group <c>devs</c>, mapped to a Paralus
/// group bound NAMESPACE_ADMIN on <c>apple</c>, signs in through the provider and runs the real kubectl with an exec
/// kubeconfig, whose credential the real <c>paralus credential</c> gets.
/// </summary>
[Collection(RelayStackCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class CompanySignInKubectlTests(RelayStack stack) : IAsyncLifetime
{
    private OidcProviderServer _idp = null!;
    private string _provider = null!;

    // Each test has a provider of its own (xunit builds the class per test), so each signs in a person of its own.
    private readonly string _person = "grace-" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-sso-").FullName;

    public async Task InitializeAsync()
    {
        var callback = new Uri(stack.ControlPlane.BaseAddress, "/api/v1/sso/callback").ToString();
        _idp = await OidcProviderServer.StartAsync(new OidcProviderConfig(new Dictionary<string, OidcIssuerConfig>
        {
            ["/corp"] = new([new OidcClient("paralus", "kubectl-e2e-secret", [callback], OidcClient.AllGrants)], new Dictionary<string, OidcAccount>
            {
                [_person] = new(Email: $"{_person}@corp.example", Groups: ["devs"]),
            }),
        }));
        using var admin = stack.Admin();
        var group = "sso-devs-" + Guid.NewGuid().ToString("N")[..6];
        _provider = "corp-" + Guid.NewGuid().ToString("N")[..6];
        (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", Group: group, Project: "aws", Namespace: "apple"))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/idps", new CreateIdentityProviderRequest(_provider, "paralus", Issuer: _idp.IssuerUrl("/corp"), ClientSecret: "kubectl-e2e-secret",
            GroupMappings: [new("devs", group)]))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task SignedInThroughTheProvider_KubectlWithAnExecKubeconfig_GetsExactlyTheMappedAccess()
    {
        var session = await SsoSignIn.SessionAsync(stack.ControlPlane.BaseAddress, _provider, _person);
        var config = await WriteCliConfigAsync("grace", session.Token, session.ExpiresAt, session.RefreshToken, session.RefreshExpiresAt);
        var kubectl = await ExecKubectlAsync(session.Token, config);

        var inApple = await kubectl.RunAsync("get", "pods", "-n", "apple");
        var inDefault = await kubectl.RunAsync("get", "pods", "-n", "default");
        var clusterWide = await kubectl.RunAsync("get", "namespaces");

        Assert.True(inApple.ExitCode == 0, inApple.ToString());
        Assert.Contains("forbidden", inDefault.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("forbidden", clusterWide.Message, StringComparison.OrdinalIgnoreCase);
        // The plugin cached its kubectl token next to the config, readable by the owner only.
        var cached = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(config)!, "cache"));
        Assert.Single(cached);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cached[0]));
    }

    [Fact]
    public async Task ExpiredSignIn_WithNoTerminal_KubectlEndsAtOnce_WithOneLineSayingWhatToRun()
    {
        var session = await SsoSignIn.SessionAsync(stack.ControlPlane.BaseAddress, _provider, _person);
        var kubectl = await ExecKubectlAsync(session.Token, await WriteCliConfigAsync("grace-expired", session.Token, DateTimeOffset.UtcNow.AddMinutes(-5), null, null));

        var watch = Stopwatch.StartNew();
        var result = await kubectl.RunAsync("get", "pods", "-n", "apple");
        watch.Stop();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"paralus login --sso {_provider}", result.Error);
        Assert.DoesNotContain("x509", result.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"kubectl took {watch.Elapsed} with an expired sign-in; the plugin must not wait for anything");
        Assert.Empty(result.Output);
    }

    /// <summary>A CLI config as <c>paralus login --sso</c> leaves it.</summary>
    private async Task<string> WriteCliConfigAsync(string name, string token, DateTimeOffset expiresAt, string? refreshToken, DateTimeOffset? refreshExpiresAt)
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "config");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            server = stack.ControlPlane.BaseAddress.AbsoluteUri, token, expiresAt, user = $"{_person}@corp.example", refreshToken, refreshExpiresAt, identityProvider = _provider,
        }));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>An exec kubeconfig from the API whose plugin is this build's CLI, reading <paramref name="cliConfig"/>.</summary>
    private async Task<Kubectl> ExecKubectlAsync(string sessionToken, string cliConfig)
    {
        using var client = stack.ControlPlane.Client(sessionToken);
        var plugin = new ExecPlugin("dotnet", [Path.Combine(AppContext.BaseDirectory, "paralus.dll"), "credential"], new Dictionary<string, string> { ["PARALUS_CONFIG"] = cliConfig });
        using var response = await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(RelayStack.ClusterName, Credential: IssueKubeconfigRequest.ExecCredential, Exec: plugin));
        response.EnsureSuccessStatusCode();
        var issued = (await response.Content.ReadFromJsonAsync<KubeconfigResponse>())!;
        Assert.Null(issued.ExpiresAt);
        Assert.DoesNotContain("client-key-data", issued.Kubeconfig);
        var path = Path.Combine(Path.GetDirectoryName(cliConfig)!, "kubeconfig");
        await File.WriteAllTextAsync(path, issued.Kubeconfig);
        return new Kubectl(path);
    }

    public async Task DisposeAsync()
    {
        await _idp.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
