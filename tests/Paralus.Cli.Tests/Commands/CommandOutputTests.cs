using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using static Paralus.Cli.Tests.Infrastructure.ContractSamples;

namespace Paralus.Cli.Tests.Commands;

/// <summary>What <c>-o table|json|yaml|name</c> print for real command runs.</summary>
public sealed class CommandOutputTests : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();
    private readonly RecordingApiServer _server;

    public CommandOutputTests(RecordingApiServerFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
        _host.SignIn(_server.Url);
    }

    [Fact]
    public async Task GetProjects_Table_AlignsColumnsWithAge()
    {
        Serve("GET", "/api/v1/projects", List(Project, OtherProject));

        var result = await _host.RunAsync("get projects");

        Assert.Equal(0, result.ExitCode);
        string[] expected =
        [
            "NAME             DESCRIPTION    AGE",
            "aws              AWS accounts   3d",
            "gcp-production   <none>         5m",
        ];
        Assert.Equal(expected, Lines(result.Output));
    }

    [Fact]
    public async Task GetUsers_Table_HasUpperCaseHeaders()
    {
        Serve("GET", "/api/v1/users", List(User));

        var result = await _host.RunAsync("get users");

        var lines = Lines(result.Output);
        Assert.Equal("NAME                        FIRST NAME   LAST NAME   KIND    ACTIVE   GROUPS                AGE", lines[0]);
        Assert.Equal("virat.kohli@paralus.local   Virat        Kohli       local   true     AWS Project Members   2h", lines[1]);
    }

    [Fact]
    public async Task GetList_Json_HasTheListResponseShape()
    {
        Serve("GET", "/api/v1/projects", List(Project, OtherProject));

        var result = await _host.RunAsync("get projects -o json");

        var document = JsonNode.Parse(result.Output)!.AsObject();
        Assert.Equal(["items"], document.Select(property => property.Key));
        Assert.Equal(["aws", "gcp-production"], document["items"]!.AsArray().Select(item => (string?)item!["name"]));
    }

    [Fact]
    public async Task GetOne_Json_IsASingleObject()
    {
        Serve("GET", "/api/v1/projects/aws", Project);

        var result = await _host.RunAsync("get project aws -o json");

        var document = JsonNode.Parse(result.Output)!.AsObject();
        Assert.Equal("aws", (string?)document["name"]);
        Assert.Equal("AWS accounts", (string?)document["description"]);
        Assert.Null(document["items"]);
    }

    [Fact]
    public async Task GetList_Yaml_UsesTheJsonFieldNames()
    {
        Serve("GET", "/api/v1/groups", List(Group));

        var result = await _host.RunAsync("get groups -o yaml");

        Assert.StartsWith("items:", result.Output);
        Assert.Contains("name: AWS Project Members", result.Output);
        Assert.Contains("- virat.kohli@paralus.local", result.Output);
        Assert.Contains("createdAt:", result.Output);
    }

    [Fact]
    public async Task GetList_Name_PrintsKindSlashName()
    {
        Serve("GET", "/api/v1/projects", List(Project, OtherProject));

        var result = await _host.RunAsync("get projects -o name");

        Assert.Equal(["project/aws", "project/gcp-production"], Lines(result.Output));
    }

    [Fact]
    public async Task GetRoleBindings_Name_UsesTheId()
    {
        Serve("GET", "/api/v1/rolebindings", List(RoleBinding));

        var result = await _host.RunAsync("get rolebindings -o name");

        Assert.Equal(["rolebinding/rb-1"], Lines(result.Output));
    }

    [Fact]
    public async Task Create_WithOutput_PrintsTheCreatedResourceInsteadOfConfirmation()
    {
        Serve("POST", "/api/v1/projects", Project, status: 201);

        var result = await _host.RunAsync("create project aws -o json");

        Assert.Equal("prj-1", (string?)JsonNode.Parse(result.Output)!["id"]);
    }

    [Fact]
    public async Task EmptyList_SaysSoOnStderr_StdoutStaysEmpty()
    {
        Serve("GET", "/api/v1/clusters", List<object>());

        var result = await _host.RunAsync("get clusters");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal("No resources found.", result.Error.Trim());
    }

    [Fact]
    public async Task List_FollowsContinueTokens_UntilTheLastPage()
    {
        Serve("GET", "/api/v1/projects", new { items = new[] { Project }, @continue = "t1" });
        Serve("GET", "/api/v1/projects?continue=t1", List(OtherProject));

        var result = await _host.RunAsync("get projects -o name");

        Assert.Equal(["project/aws", "project/gcp-production"], Lines(result.Output));
        Assert.Equal(["/api/v1/projects", "/api/v1/projects?continue=t1"], _server.Requests.Select(request => request.Target));
    }

    [Fact]
    public async Task List_WithLimit_ReturnsOnePageAndTheContinueToken()
    {
        Serve("GET", "/api/v1/projects", new { items = new[] { Project }, @continue = "t1" });

        var json = await _host.RunAsync("get projects --limit 1 -o json");
        var table = await _host.RunAsync("get projects --limit 1");

        Assert.Equal("t1", (string?)JsonNode.Parse(json.Output)!["continue"]);
        Assert.Contains("--continue t1", table.Error);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task GetSettings_ShowsDurationsAsPeopleWriteThem()
    {
        Serve("GET", "/api/v1/settings", Settings);

        var result = await _host.RunAsync("get settings");

        Assert.Equal("8h                    1d                        8h                      90d               no", Lines(result.Output)[1]);
    }

    [Fact]
    public async Task CreateApiKey_PrintsTheKeyOnce()
    {
        Serve("POST", "/api/v1/apikeys", CreatedApiKey, status: 201);

        var result = await _host.RunAsync("create apikey --description ci");

        Assert.Equal(["apikey/ak-1 created", "key: pk_ak-1.s3cr3t"], Lines(result.Output));
        Assert.Contains("cannot be shown again", result.Error);
    }

    [Fact]
    public async Task Version_PrintsTheClientVersion()
    {
        var result = await _host.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Client Version: ", result.Output);
    }

    public void Dispose() => _host.Dispose();

    private void Serve(string method, string path, object body, int status = 200) => _server.Respond(method, path, status, body);

    private static string[] Lines(string output) => output.TrimEnd('\n').Split('\n');
}
