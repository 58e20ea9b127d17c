using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing.Template;
using Paralus.Functions.Hosting;
using Paralus.Functions.Pipeline;
using Paralus.Functions.Tests.Infrastructure;
using Paralus.Functions.Triggers;

namespace Paralus.Functions.Tests;

/// <summary>The control plane is deployable as an Azure Functions custom handler.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class FunctionsHostLayoutTests(ControlPlaneFixture fixture)
{
    private static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private sealed record FunctionDefinition(string Name, string? Route, IReadOnlyList<string> Methods, bool IsHttp);

    [Fact]
    public void FunctionJsonFiles_AndAppEndpoints_MatchOneToOne()
    {
        var functions = ReadFunctions(RepositoryPaths.Combine("functions", "Triggers"));
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        foreach (var endpoint in endpoints)
        {
            var metadata = endpoint.Metadata.GetMetadata<FunctionMetadata>();
            Assert.True(metadata is not null, $"endpoint {endpoint.RoutePattern.RawText} is not reachable through any function");
            var function = functions.SingleOrDefault(f => f.Name == metadata!.Name);
            Assert.True(function is not null, $"endpoint {endpoint.RoutePattern.RawText} names function '{metadata!.Name}', which has no function.json");

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            var isTrigger = endpoint.Metadata.GetMetadata<NonHttpTriggerMetadata>() is not null;
            Assert.Equal(!isTrigger, function!.IsHttp);
            if (isTrigger)
            {
                Assert.Equal($"/{function.Name}", endpoint.RoutePattern.RawText);
                continue;
            }

            var sample = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s =>
                string.Concat(s.Parts.Select(p => p is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l ? l.Content : "x"))));
            var matcher = new TemplateMatcher(TemplateParser.Parse(function.Route!), new RouteValueDictionary());
            Assert.True(matcher.TryMatch(sample, new RouteValueDictionary()), $"function '{function.Name}' route '{function.Route}' does not match {sample}");
            Assert.All(methods, m => Assert.Contains(m.ToLowerInvariant(), function.Methods));
        }

        var served = endpoints.Select(e => e.Metadata.GetMetadata<FunctionMetadata>()!.Name).ToHashSet();
        Assert.Equal(functions.Select(f => f.Name).Order(), served.Order());
    }

    [Fact]
    public void HostJson_DeclaresTheCustomHandler_WithRequestForwarding()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("functions", "host.json")));
        var handler = host.RootElement.GetProperty("customHandler");
        Assert.Equal("Paralus.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        // One audit batch at a time per instance: each extends the organization's hash chain from its head.
        Assert.Equal(1, host.RootElement.GetProperty("extensions").GetProperty("serviceBus").GetProperty("maxConcurrentCalls").GetInt32());
    }

    [Fact]
    public async Task Publish_YieldsADeployableFunctionsAppLayout()
    {
        var output = Directory.CreateTempSubdirectory("paralus-publish-").FullName;
        var (exitCode, log) = await RunAsync("dotnet", ["publish", RepositoryPaths.Combine("functions", "Paralus.Functions.csproj"), "-c", Configuration, "--no-build", "-o", output, "-nologo"]);
        Assert.True(exitCode == 0, log);

        Assert.True(File.Exists(Path.Combine(output, "host.json")));
        Assert.True(File.Exists(Path.Combine(output, "Paralus.Functions")), "the executable named in host.json");
        foreach (var function in ReadFunctions(RepositoryPaths.Combine("functions", "Triggers")))
        {
            Assert.True(File.Exists(Path.Combine(output, function.Name, "function.json")), $"{function.Name}/function.json at the app root");
        }
        Assert.False(Directory.Exists(Path.Combine(output, "Triggers")), "function folders belong at the root, not under Triggers/");
    }

    [Fact]
    public async Task UnderTheFunctionsHost_ListensOnCustomHandlerPort_AndServesTimerInvocations()
    {
        var port = FreePort.Next();
        var state = Directory.CreateTempSubdirectory("paralus-handler-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryPaths.Combine("functions", "bin", Configuration, "net10.0", "Paralus.Functions.dll"));
        start.Environment[ControlPlaneExtensions.CustomHandlerPortVariable] = port.ToString();
        start.Environment["Paralus__Storage__ConnectionString"] = fixture.Azurite.ConnectionString;
        start.Environment["Paralus__Storage__TablePrefix"] = "h" + Guid.NewGuid().ToString("N")[..10];
        start.Environment["Paralus__ControlPlane__AdminPasswordFile"] = Path.Combine(state, "admin-password");
        start.Environment["Paralus__Auth__SigningKeyFile"] = Path.Combine(state, "session.key");
        start.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReadyAsync(client);

            var invocation = await client.PostAsJsonAsync($"/{AuditRetentionTrigger.FunctionName}", new { Data = new { timer = new { } }, Metadata = new { } });
            var body = await invocation.Content.ReadAsStringAsync();
            Assert.True(invocation.StatusCode == HttpStatusCode.OK, body);
            using var result = JsonDocument.Parse(body);
            Assert.StartsWith("dropped ", result.RootElement.GetProperty("Logs")[0].GetString());
            Assert.True(result.RootElement.TryGetProperty("Outputs", out _));

            // The Service Bus trigger: a message that is not an audit batch fails the invocation, so Service Bus retries and then dead-letters it.
            var malformed = await client.PostAsJsonAsync($"/{AuditIngestTrigger.FunctionName}", new { Data = new { batch = "{\"events\":[]}" }, Metadata = new { MessageId = "m-1" } });
            Assert.Equal(HttpStatusCode.InternalServerError, malformed.StatusCode);
            Assert.Contains("1 to 500 events", await malformed.Content.ReadAsStringAsync());
            var empty = await client.PostAsJsonAsync($"/{AuditIngestTrigger.FunctionName}", new { Data = new { }, Metadata = new { } });
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, "the custom handler did not become ready on FUNCTIONS_CUSTOMHANDLER_PORT");
            await Task.Delay(200);
        }
    }

    private static List<FunctionDefinition> ReadFunctions(string folder) =>
        Directory.GetFiles(folder, "function.json", SearchOption.AllDirectories).Select(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var trigger = document.RootElement.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("direction").GetString() == "in");
            var isHttp = trigger.GetProperty("type").GetString() == "httpTrigger";
            return new FunctionDefinition(
                Path.GetFileName(Path.GetDirectoryName(path)!),
                isHttp ? trigger.GetProperty("route").GetString() : null,
                isHttp ? trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray() : [],
                isHttp);
        }).ToList();

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
