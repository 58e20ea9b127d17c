using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using static Paralus.Cli.Tests.Infrastructure.ContractSamples;

namespace Paralus.Cli.Tests.Commands;

/// <summary>Every command produces the right method, path, query and body, signed with the session token.</summary>
public sealed class CommandRequestTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    public static TheoryData<string, string, string, string, string?, string, string> Commands => new()
    {
        // command line, stdin, method, target as sent, body, canned response, expected stdout (substring)
        { "create project aws", "", "POST", "/api/v1/projects", """{"name":"aws"}""", "project", "project/aws created" },
        { "create project aws --description \"AWS accounts\"", "", "POST", "/api/v1/projects", """{"name":"aws","description":"AWS accounts"}""", "project", "project/aws created" },
        { "get projects", "", "GET", "/api/v1/projects", null, "projects", "aws" },
        { "get project aws", "", "GET", "/api/v1/projects/aws", null, "project", "aws" },
        { "get projects --prefix a --limit 10", "", "GET", "/api/v1/projects?prefix=a&limit=10", null, "projects", "aws" },
        { "get projects --continue t1", "", "GET", "/api/v1/projects?continue=t1", null, "projects", "aws" },
        { "update project aws --description new", "", "PATCH", "/api/v1/projects/aws", """{"description":"new"}""", "project", "project/aws updated" },
        { "delete project aws", "", "DELETE", "/api/v1/projects/aws", null, "none", "project/aws deleted" },
        { "create group \"AWS Project Members\"", "", "POST", "/api/v1/groups", """{"name":"AWS Project Members"}""", "group", "group/AWS Project Members created" },
        { "update group \"AWS Project Members\" --add-users virat.kohli@paralus.local", "", "PATCH", "/api/v1/groups/AWS%20Project%20Members", """{"addUsers":["virat.kohli@paralus.local"]}""", "group", "group/AWS Project Members updated" },
        { "update group \"AWS Project Members\" --remove-users virat.kohli@paralus.local", "", "PATCH", "/api/v1/groups/AWS%20Project%20Members", """{"removeUsers":["virat.kohli@paralus.local"]}""", "group", "group/AWS Project Members updated" },
        { "update group \"AWS Project Members\" --add-users a@x.io,b@x.io --add-users c@x.io --description d", "", "PATCH", "/api/v1/groups/AWS%20Project%20Members", """{"description":"d","addUsers":["a@x.io","b@x.io","c@x.io"]}""", "group", "updated" },
        { "get groups", "", "GET", "/api/v1/groups", null, "groups", "AWS Project Members" },
        { "get group \"AWS Project Members\"", "", "GET", "/api/v1/groups/AWS%20Project%20Members", null, "group", "AWS Project Members" },
        { "delete group \"AWS Project Members\"", "", "DELETE", "/api/v1/groups/AWS%20Project%20Members", null, "none", "group/AWS Project Members deleted" },
        { "create user virat.kohli@paralus.local --first-name Virat --last-name Kohli", "", "POST", "/api/v1/users", """{"name":"virat.kohli@paralus.local","firstName":"Virat","lastName":"Kohli"}""", "user", "user/virat.kohli@paralus.local created" },
        { "create user sally@example.com --first-name Sally --password-stdin", "Sally's pass\n", "POST", "/api/v1/users", """{"name":"sally@example.com","firstName":"Sally","password":"Sally's pass"}""", "user", "created" },
        { "get users", "", "GET", "/api/v1/users", null, "users", "virat.kohli@paralus.local" },
        { "get user virat.kohli@paralus.local", "", "GET", "/api/v1/users/virat.kohli%40paralus.local", null, "user", "Virat" },
        { "get users --group \"AWS Project Members\" --active", "", "GET", "/api/v1/users?group=AWS%20Project%20Members&active=true", null, "users", "virat" },
        { "get users --active false --prefix v", "", "GET", "/api/v1/users?active=false&prefix=v", null, "users", "virat" },
        { "update user virat.kohli@paralus.local --deactivate", "", "PATCH", "/api/v1/users/virat.kohli%40paralus.local", """{"active":false}""", "user", "user/virat.kohli@paralus.local updated" },
        { "update user virat.kohli@paralus.local --activate", "", "PATCH", "/api/v1/users/virat.kohli%40paralus.local", """{"active":true}""", "user", "updated" },
        { "update user virat.kohli@paralus.local --first-name V --password-stdin", "new pass \n", "PATCH", "/api/v1/users/virat.kohli%40paralus.local", """{"firstName":"V","password":"new pass "}""", "user", "updated" },
        { "deactivate user virat.kohli@paralus.local", "", "PATCH", "/api/v1/users/virat.kohli%40paralus.local", """{"active":false}""", "user", "user/virat.kohli@paralus.local deactivated" },
        { "activate user virat.kohli@paralus.local", "", "PATCH", "/api/v1/users/virat.kohli%40paralus.local", """{"active":true}""", "user", "user/virat.kohli@paralus.local activated" },
        { "unlock user virat.kohli@paralus.local", "", "POST", "/api/v1/users/virat.kohli%40paralus.local/unlock", null, "none", "user/virat.kohli@paralus.local unlocked" },
        { "delete user virat.kohli@paralus.local", "", "DELETE", "/api/v1/users/virat.kohli%40paralus.local", null, "none", "user/virat.kohli@paralus.local deleted" },
        { "create role clusterview --scope project --permissions project.read,cluster.read", "", "POST", "/api/v1/roles", """{"name":"clusterview","scope":"project","permissions":["project.read","cluster.read"]}""", "role", "role/clusterview created" },
        { "get roles", "", "GET", "/api/v1/roles", null, "roles", "clusterview" },
        { "get role clusterview", "", "GET", "/api/v1/roles/clusterview", null, "role", "clusterview" },
        { "update role clusterview --permissions cluster.read --description view", "", "PATCH", "/api/v1/roles/clusterview", """{"permissions":["cluster.read"],"description":"view"}""", "role", "role/clusterview updated" },
        { "delete role clusterview", "", "DELETE", "/api/v1/roles/clusterview", null, "none", "role/clusterview deleted" },
        { "get permissions", "", "GET", "/api/v1/permissions", null, "permissions", "cluster.read" },
        { "create rolebinding --group \"AWS Project Members\" --role PROJECT_ADMIN --project aws", "", "POST", "/api/v1/rolebindings", """{"role":"PROJECT_ADMIN","group":"AWS Project Members","project":"aws"}""", "rolebinding", "rolebinding/rb-1 created" },
        { "create rolebinding --user sally@example.com --role NAMESPACE_ADMIN --project aws --namespace apple", "", "POST", "/api/v1/rolebindings", """{"role":"NAMESPACE_ADMIN","user":"sally@example.com","project":"aws","namespace":"apple"}""", "rolebinding", "created" },
        { "create rolebinding --user admin2@paralus.local --role ADMIN", "", "POST", "/api/v1/rolebindings", """{"role":"ADMIN","user":"admin2@paralus.local"}""", "rolebinding", "created" },
        { "get rolebindings -o json", "", "GET", "/api/v1/rolebindings", null, "rolebindings", "\"items\"" },
        { "get rolebindings --user sally@example.com --group g --role NAMESPACE_ADMIN --project aws", "", "GET", "/api/v1/rolebindings?user=sally%40example.com&group=g&role=NAMESPACE_ADMIN&project=aws", null, "rolebindings", "rb-1" },
        { "get rolebinding rb-1", "", "GET", "/api/v1/rolebindings/rb-1", null, "rolebinding", "rb-1" },
        { "delete rolebinding rb-1", "", "DELETE", "/api/v1/rolebindings/rb-1", null, "none", "rolebinding/rb-1 deleted" },
        { "create cluster c1 --project aws --label env=prod --label team=a,tier=web -o name", "", "POST", "/api/v1/clusters", """{"name":"c1","project":"aws","labels":{"env":"prod","team":"a","tier":"web"}}""", "cluster", "cluster/c1" },
        { "get clusters --project aws", "", "GET", "/api/v1/clusters?project=aws", null, "clusters", "c1" },
        { "get cluster c1", "", "GET", "/api/v1/clusters/c1", null, "cluster", "Ready" },
        { "update cluster c1 --description edge --label env=dev", "", "PATCH", "/api/v1/clusters/c1", """{"description":"edge","labels":{"env":"dev"}}""", "cluster", "cluster/c1 updated" },
        { "delete cluster c1", "", "DELETE", "/api/v1/clusters/c1", null, "none", "cluster/c1 deleted" },
        { "get settings", "", "GET", "/api/v1/settings", null, "settings", "90d" },
        { "update settings --kubeconfig-validity 8h --sa-inactivity-timeout 8h --audit-retention 90d", "", "PATCH", "/api/v1/settings", """{"kubeconfigValiditySeconds":28800,"serviceAccountInactivityTimeoutSeconds":28800,"auditRetentionSeconds":7776000}""", "settings", "settings/organization updated" },
        { "update settings --kubeconfig-max-validity 1d", "", "PATCH", "/api/v1/settings", """{"kubeconfigMaxValiditySeconds":86400}""", "settings", "updated" },
        { "update settings --require-second-factor-for-admins", "", "PATCH", "/api/v1/settings", """{"requireSecondFactorForAdmins":true}""", "settings", "updated" },
        { "update settings --require-second-factor-for-admins false", "", "PATCH", "/api/v1/settings", """{"requireSecondFactorForAdmins":false}""", "settings", "updated" },
        { "create apikey --description ci", "", "POST", "/api/v1/apikeys", """{"description":"ci"}""", "createdapikey", "pk_ak-1.s3cr3t" },
        { "create apikey", "", "POST", "/api/v1/apikeys", "{}", "createdapikey", "apikey/ak-1 created" },
        { "create apikey --description ci --expires-in 30d", "", "POST", "/api/v1/apikeys", """{"description":"ci","expiresAt":"2026-12-22T12:00:00+00:00"}""", "createdapikey", "apikey/ak-1 created" },
        { "create apikey --description report --scope read-only", "", "POST", "/api/v1/apikeys", """{"description":"report","scope":"read-only"}""", "createdapikey", "apikey/ak-1 created" },
        { "get apikeys", "", "GET", "/api/v1/apikeys", null, "apikeys", "ak-1" },
        { "get apikeys --user virat.kohli@paralus.local", "", "GET", "/api/v1/apikeys?user=virat.kohli%40paralus.local", null, "apikeys", "ak-1" },
        { "get apikeys --all-users", "", "GET", "/api/v1/apikeys?allUsers=true", null, "apikeys", "29d" },
        { "get apikey ak-1", "", "GET", "/api/v1/apikeys/ak-1", null, "apikey", "ak-1" },
        { "delete apikey ak-1", "", "DELETE", "/api/v1/apikeys/ak-1", null, "none", "apikey/ak-1 deleted" },
        { "audit system --since 1h -o json", "", "GET", "/api/v1/audit/system?since=2026-11-22T11%3A00%3A00Z", null, "audit", "project.create" },
        { "audit system --since 7d --until 30s --actor admin@paralus.local --action project.create --project aws --limit 5", "", "GET", "/api/v1/audit/system?since=2026-11-15T12%3A00%3A00Z&until=2026-11-22T11%3A59%3A30Z&actor=admin%40paralus.local&action=project.create&project=aws&limit=5", null, "audit", "project/aws" },
        { "audit system --since 2026-11-01T00:00:00Z", "", "GET", "/api/v1/audit/system?since=2026-11-01T00%3A00%3A00Z", null, "audit", "project.create" },
        { "audit kubectl --cluster sandbox --verb delete --since 1h", "", "GET", "/api/v1/audit/kubectl?since=2026-11-22T11%3A00%3A00Z&cluster=sandbox&verb=delete", null, "kubectlaudit", "sally@example.com   sandbox   delete   deployments   apple       nginx   200      allow" },
        { "audit kubectl --user sally@example.com --decision deny --status 4xx -o json", "", "GET", "/api/v1/audit/kubectl?user=sally%40example.com&decision=deny&status=4xx", null, "kubectlaudit", "binding b1 grants NAMESPACE_ADMIN" },
        { "can-i --user virat.kohli@paralus.local --project aws cluster.read", "", "GET", "/api/v1/authz/can-i?user=virat.kohli%40paralus.local&permission=cluster.read&project=aws", null, "allowed", "yes" },
        { "can-i kubectl.namespace.read --project aws --namespace apple", "", "GET", "/api/v1/authz/can-i?permission=kubectl.namespace.read&project=aws&namespace=apple", null, "allowed", "yes" },
        { "whoami", "", "GET", "/api/v1/auth/whoami", null, "whoami", "admin@paralus.local" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_SendsExpectedRequest(string commandLine, string stdin, string method, string target, string? body, string response, string expectedOutput)
    {
        fixture.Server.Reset();
        var path = target.Split('?')[0];
        fixture.Server.Respond(method, Uri.UnescapeDataString(path), StatusFor(method), ResponseFor(response));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync(commandLine, stdin);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        var request = fixture.Server.SingleRequest;
        Assert.Equal(method, request.Method);
        Assert.Equal(target, request.Target);
        Assert.Equal("Bearer session-token", request.Authorization);
        if (body is null)
        {
            Assert.Equal("", request.Body);
        }
        else
        {
            Assert.StartsWith("application/json", request.ContentType);
            Assert.NotNull(request.ContentLength);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(request.Body)), $"sent {request.Body}");
        }

        Assert.Contains(expectedOutput, result.Output);
    }

    public void Dispose() => _host.Dispose();

    private static int StatusFor(string method) => method switch
    {
        "POST" => 201,
        "DELETE" => 204,
        _ => 200,
    };

    private static object? ResponseFor(string name) => name switch
    {
        "project" => Project,
        "projects" => List(Project, OtherProject),
        "user" => User,
        "users" => List(User),
        "group" => Group,
        "groups" => List(Group),
        "role" => Role,
        "roles" => List(Role),
        "permissions" => new[] { "cluster.read", "project.read" },
        "rolebinding" => RoleBinding,
        "rolebindings" => List(RoleBinding),
        "cluster" => Cluster,
        "clusters" => List(Cluster),
        "settings" => Settings,
        "createdapikey" => CreatedApiKey,
        "apikey" => ApiKey,
        "apikeys" => List(ApiKey),
        "audit" => List(AuditEvent),
        "kubectlaudit" => List(KubectlAuditEvent),
        "allowed" => Allowed,
        "whoami" => WhoAmI,
        "none" => null,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such sample"),
    };
}
