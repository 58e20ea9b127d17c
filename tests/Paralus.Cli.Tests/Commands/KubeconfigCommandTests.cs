using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>kubeconfig</c> and <c>kubeconfig revoke</c>: what they ask the API, and where the kubeconfig ends up.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // reads Unix file modes
public sealed class KubeconfigCommandTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private const string Kubeconfig = "apiVersion: v1\nkind: Config\ncurrent-context: \"c1\"\n";
    private static readonly DateTimeOffset ExpiresAt = CliTestHost.Now.AddHours(8);

    private readonly CliTestHost _host = new();

    [Fact]
    public async Task Kubeconfig_ToAFile_SendsClusterAndValidity_AndWritesMode0600()
    {
        var path = Path.Combine(_host.Folder, "kube", "config");
        var result = await RunIssueAsync($"kubeconfig --cluster c1 --validity 8h -o {path}");

        AssertSent("/api/v1/kubeconfig", """{"cluster":"c1","validitySeconds":28800}""");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Kubeconfig, await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("", result.Output);
        Assert.Equal($"kubeconfig written to {path} (valid until 2026-11-22T20:00:00Z)", result.Error.Trim());
    }

    [Fact]
    public async Task Kubeconfig_OverAnExistingReadableFile_LeavesItOwnerOnly()
    {
        var path = Path.Combine(_host.Folder, "config");
        await File.WriteAllTextAsync(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = await RunIssueAsync($"kubeconfig --output {path}");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(Kubeconfig, await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Empty(Directory.GetFiles(_host.Folder, "*.tmp"));
    }

    [Fact]
    public async Task Kubeconfig_WithoutAFile_PrintsItOnStandardOutput()
    {
        var result = await RunIssueAsync("kubeconfig");

        AssertSent("/api/v1/kubeconfig", "{}");
        Assert.Equal(Kubeconfig, result.Output);
        Assert.Contains("valid until 2026-11-22T20:00:00Z", result.Error);
    }

    [Fact]
    public async Task Kubeconfig_OfSeveralClusters_SaysWhichContextIsCurrent()
    {
        var result = await RunIssueAsync("kubeconfig", new KubeconfigResponse(Kubeconfig, "admin@paralus.local", ["dev-1", "prod-1"], ExpiresAt, "prod-1"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("contexts: dev-1, prod-1; current context: prod-1 (switch with 'kubectl config use-context NAME')", result.Error);
    }

    [Fact]
    public async Task Kubeconfig_WithAnInvalidValidity_IsAUsageError()
    {
        _host.SignIn(fixture.Server.Url);
        fixture.Server.Reset();

        var result = await _host.RunAsync("kubeconfig --validity soon");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("invalid duration 'soon' for --validity", result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    [Fact]
    public async Task Revoke_WithIncludeApiKeys_AsksForThem_AndSaysHowManyWent()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/kubeconfig/revoke", 200, new RevokeKubeconfigResponse("bob@example.com", CliTestHost.Now, DeletedApiKeys: 2));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("kubeconfig revoke --user bob@example.com --include-api-keys");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("/api/v1/kubeconfig/revoke", """{"user":"bob@example.com","includeApiKeys":true}""");
        Assert.Equal("kubeconfig/bob@example.com revoked, 2 API keys deleted", result.Output.Trim());
    }

    [Theory]
    [InlineData("kubeconfig revoke --user virat.kohli@paralus.local", """{"user":"virat.kohli@paralus.local"}""", "virat.kohli@paralus.local")]
    [InlineData("kubeconfig revoke", "{}", "admin@paralus.local")]
    public async Task Revoke_SendsTheUser_AndConfirms(string commandLine, string body, string user)
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/kubeconfig/revoke", 200, new RevokeKubeconfigResponse(user, CliTestHost.Now));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync(commandLine);

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("/api/v1/kubeconfig/revoke", body);
        Assert.Equal($"kubeconfig/{user} revoked", result.Output.Trim());
    }

    [Fact]
    public async Task KubeconfigExec_WithAConfigElsewhere_AsksForACommandThatRunsParalusCredentialWithThatConfig()
    {
        var path = Path.Combine(_host.Folder, "exec.yaml");
        var result = await RunIssueAsync($"kubeconfig --exec --cluster c1 -o {path}");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("/api/v1/kubeconfig", """
            {"cluster":"c1","credential":"exec",
             "exec":{"command":"paralus","args":["credential","--cluster","c1"],"env":{"PARALUS_CONFIG":"@path"}}}
            """.Replace("@path", _host.ConfigPath, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task KubeconfigExec_AtTheDefaultConfig_RunningAsTheApphost_NamesThisExecutable_AndNoEnvironment()
    {
        var defaultConfig = Path.Combine(_host.Folder, ".paralus", "config");
        _host.Variables.Remove("PARALUS_CONFIG");
        _host.ProcessPath = "/opt/paralus/bin/paralus";
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/kubeconfig", 200, new KubeconfigResponse(Kubeconfig, "admin@paralus.local", ["c1"], ExpiresAt, "c1"));
        Directory.CreateDirectory(Path.GetDirectoryName(defaultConfig)!);
        _host.SignIn(fixture.Server.Url);
        File.Move(_host.ConfigPath, defaultConfig);

        var result = await _host.RunAsync("kubeconfig --exec");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("/api/v1/kubeconfig", """{"credential":"exec","exec":{"command":"/opt/paralus/bin/paralus","args":["credential"]}}""");
        Assert.Equal(Kubeconfig, result.Output);
    }

    [Fact]
    public async Task KubeconfigExec_UnderDotnet_NamesParalusOnThePath()
    {
        _host.ProcessPath = "/usr/share/dotnet/dotnet";

        var result = await RunIssueAsync("kubeconfig --exec");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("paralus", (string?)JsonNode.Parse(fixture.Server.SingleRequest.Body)!["exec"]!["command"]);
    }

    public void Dispose() => _host.Dispose();

    private async Task<CliResult> RunIssueAsync(string commandLine, KubeconfigResponse? answer = null)
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/kubeconfig", 200, answer ?? new KubeconfigResponse(Kubeconfig, "admin@paralus.local", ["c1"], ExpiresAt, "c1"));
        _host.SignIn(fixture.Server.Url);
        return await _host.RunAsync(commandLine);
    }

    private void AssertSent(string path, string body)
    {
        var request = fixture.Server.SingleRequest;
        Assert.Equal(("POST", path, "Bearer session-token"), (request.Method, request.Target, request.Authorization));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(request.Body)), $"sent {request.Body}");
    }
}
