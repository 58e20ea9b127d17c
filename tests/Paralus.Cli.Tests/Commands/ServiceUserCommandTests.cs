using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>create|get|delete serviceuser</c> and <c>kubeconfig --service-user</c>: what they ask the API and what they print.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // reads Unix file modes
public sealed class ServiceUserCommandTests : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private static readonly UserResource ArgoCd = new("usr-9", "argocd", "", "", "Service", true, [], CliTestHost.Now.AddDays(-3), "\"4\"", Description: "deploys from git");
    private static readonly UserResource Flux = new("usr-8", "flux", "", "", "Service", false, ["gitops"], CliTestHost.Now.AddMinutes(-5), "\"2\"");
    private static readonly UserResource Sally = new("usr-1", "sally@example.com", "Sally", "", "Local", true, [], CliTestHost.Now.AddDays(-1), "\"1\"");

    private readonly CliTestHost _host = new();
    private readonly RecordingApiServer _server;

    public ServiceUserCommandTests(RecordingApiServerFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
        _host.SignIn(_server.Url);
    }

    [Fact]
    public async Task CreateServiceUser_PostsAUserOfKindService_AndConfirms()
    {
        _server.Respond("POST", "/api/v1/users", 201, ArgoCd);

        var result = await _host.RunAsync("create serviceuser argocd --description \"deploys from git\"");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("POST", "/api/v1/users", """{"name":"argocd","kind":"Service","description":"deploys from git"}""");
        Assert.Equal("serviceuser/argocd created", result.Output.Trim());
    }

    [Fact]
    public async Task GetServiceUsers_AsksForKindService_AndPrintsATable()
    {
        _server.Respond("GET", "/api/v1/users", 200, new { items = new[] { ArgoCd, Flux } });

        var result = await _host.RunAsync("get serviceusers --prefix a");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("/api/v1/users?kind=Service&prefix=a", Assert.Single(_server.Requests).Target);
        string[] expected =
        [
            "NAME     DESCRIPTION        ACTIVE   GROUPS   AGE",
            "argocd   deploys from git   true     <none>   3d",
            "flux     <none>             false    gitops   5m",
        ];
        Assert.Equal(expected, Lines(result.Output));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task GetServiceUsers_JsonAndYaml_CarryKindAndDescription(string format)
    {
        _server.Respond("GET", "/api/v1/users", 200, new { items = new[] { ArgoCd } });

        var result = await _host.RunAsync($"get serviceusers -o {format}");

        Assert.True(result.ExitCode == 0, result.Error);
        if (format == "json")
        {
            var item = JsonNode.Parse(result.Output)!["items"]!.AsArray().Single()!;
            Assert.Equal(("argocd", "Service", "deploys from git"), ((string?)item["name"], (string?)item["kind"], (string?)item["description"]));
        }
        else
        {
            Assert.StartsWith("items:", result.Output);
            Assert.Contains("kind: Service", result.Output);
            Assert.Contains("description: deploys from git", result.Output);
        }
    }

    [Fact]
    public async Task DeleteServiceUser_LooksFirst_ThenDeletes()
    {
        _server.Respond("GET", "/api/v1/users/argocd", 200, ArgoCd);
        _server.Respond("DELETE", "/api/v1/users/argocd", 204, null);

        var result = await _host.RunAsync("delete serviceuser argocd");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal([("GET", "/api/v1/users/argocd"), ("DELETE", "/api/v1/users/argocd")], _server.Requests.Select(r => (r.Method, r.Target)));
        Assert.Equal("serviceuser/argocd deleted", result.Output.Trim());
    }

    [Fact]
    public async Task DeleteServiceUser_NamingAPerson_DeletesNothing()
    {
        _server.Respond("GET", "/api/v1/users/sally@example.com", 200, Sally);

        var result = await _host.RunAsync("delete serviceuser sally@example.com");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("user 'sally@example.com' is not a service user; delete people with 'paralus delete user'", result.Error);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Kubeconfig_ForAServiceUser_SendsItsNameAndValidity_AndWritesTheFileOwnerOnly()
    {
        const string kubeconfig = "apiVersion: v1\nkind: Config\ncurrent-context: \"c1\"\n";
        _server.Respond("POST", "/api/v1/kubeconfig", 200, new KubeconfigResponse(kubeconfig, "argocd", ["c1"], CliTestHost.Now.AddHours(720), "c1"));
        var path = Path.Combine(_host.Folder, "argocd.kubeconfig");

        var result = await _host.RunAsync($"kubeconfig --service-user argocd --validity 720h -o {path}");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertSent("POST", "/api/v1/kubeconfig", """{"validitySeconds":2592000,"serviceUser":"argocd"}""");
        Assert.Equal(kubeconfig, await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal($"kubeconfig of service user argocd written to {path} (valid until 2026-12-22T12:00:00Z)", result.Error.Trim());
    }

    [Fact]
    public async Task Kubeconfig_ForAServiceUser_WithExec_IsAUsageError()
    {
        var result = await _host.RunAsync("kubeconfig --service-user argocd --exec");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--exec and --service-user cannot be combined", result.Error);
        Assert.Empty(_server.Requests);
    }

    public void Dispose() => _host.Dispose();

    private void AssertSent(string method, string target, string body)
    {
        var request = Assert.Single(_server.Requests);
        Assert.Equal((method, target, "Bearer session-token"), (request.Method, request.Target, request.Authorization));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(request.Body)), $"sent {request.Body}");
    }

    private static string[] Lines(string output) => output.TrimEnd('\n').Split('\n');
}
