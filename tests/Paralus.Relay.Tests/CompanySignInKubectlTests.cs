using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    private string _group = null!;

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
        var group = _group = "sso-devs-" + Guid.NewGuid().ToString("N")[..6];
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
        // The audit record names the provider the person signed in with and the group that gave the access.
        using var admin = stack.Admin();
        var record = await Eventually.ValueAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>($"/api/v1/audit/kubectl?user={_person}@corp.example&namespace=apple&decision=allow");
            return page!.Items.FirstOrDefault(e => e.Resource == "pods");
        });
        Assert.Equal((_provider, _group), (record.IdentityProvider, record.Group));
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

    [Fact]
    public async Task TheReadmeSession_DeviceLoginWithTheRealCli_ThenAnExecKubeconfig_ThenKubectl()
    {
        var config = Path.Combine(_folder, "device", "config");
        using var login = StartCli(config, "login", "--server", stack.ControlPlane.BaseAddress.AbsoluteUri, "--sso", _provider, "--device");
        var prompt = await StderrLineAsync(login, line => line.StartsWith("To sign in with", StringComparison.Ordinal));
        var match = Regex.Match(prompt, "open (?<uri>\\S+) and enter the code (?<code>\\S+)");

        using var browser = new OidcUserAgent();
        await browser.ApproveDeviceAsync(new Uri(match.Groups["uri"].Value), _person, match.Groups["code"].Value);
        await ExitedAsync(login, TimeSpan.FromSeconds(90));

        Assert.Equal(0, login.ExitCode);
        using var kubeconfig = StartCli(config, "kubeconfig", "--exec", "--cluster", RelayStack.ClusterName, "-o", Path.Combine(_folder, "device", "kubeconfig"));
        await ExitedAsync(kubeconfig, TimeSpan.FromSeconds(30));
        Assert.Equal(0, kubeconfig.ExitCode);
        var kubectl = new Kubectl(Path.Combine(_folder, "device", "kubeconfig"));
        var inApple = await kubectl.RunAsync("get", "pods", "-n", "apple");
        Assert.True(inApple.ExitCode == 0, inApple.ToString());
        Assert.Contains("forbidden", (await kubectl.RunAsync("get", "pods", "-n", "default")).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BrowserLoginWithTheRealCli_CompletesThroughItsLoopbackListener()
    {
        var config = Path.Combine(_folder, "browser", "config");
        using var login = StartCli(config, "login", "--server", stack.ControlPlane.BaseAddress.AbsoluteUri, "--sso", _provider);
        var url = (await StderrLineAsync(login, line => line.Contains("/api/v1/sso/", StringComparison.Ordinal))).Trim();

        using var browser = new OidcUserAgent();
        var arrived = await browser.SignInAsync(new Uri(url), _person);
        // The browser's last hop: the CLI's own listener takes the one-time code.
        using var loopback = new HttpClient();
        using var answer = await loopback.GetAsync(arrived);
        await ExitedAsync(login, TimeSpan.FromSeconds(30));

        Assert.True(answer.IsSuccessStatusCode);
        Assert.Equal(0, login.ExitCode);
        Assert.Contains($"as {_person}@corp.example", await login.StandardOutput.ReadToEndAsync());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
    }

    /// <summary>The CLI as installed (its apphost), with a config of its own and no browser to open.</summary>
    private static Process StartCli(string config, params string[] args)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "paralus"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["PARALUS_CONFIG"] = config;
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("BROWSER");
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    private static async Task<string> StderrLineAsync(Process process, Func<string, bool> wanted)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        while (await process.StandardError.ReadLineAsync(deadline.Token) is { } line)
        {
            if (wanted(line)) return line;
            seen.Add(line);
        }
        throw new InvalidOperationException($"the CLI ended without the expected line; it said:\n{string.Join('\n', seen)}");
    }

    private static async Task ExitedAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the CLI did not finish within {timeout}: {await process.StandardError.ReadToEndAsync()}");
        }
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
