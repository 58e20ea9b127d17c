using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Paralus.Relay.Tests;

/// <summary>The agent's loopback server serves only what a relay forwards: requests without the relay's headers are refused.</summary>
[Collection(RelayStackCollection.Name)]
public sealed class AgentLoopbackTests(RelayStack stack)
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("admin@paralus.local", null)]
    [InlineData("admin@paralus.local", "cluster=root;")]
    [InlineData(null, "cluster=write;")]
    public async Task RequestWithoutARelaysHeaders_IsForbidden(string? user, string? access)
    {
        var address = stack.AgentServices.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/kube-system/secrets");
        if (user is not null) request.Headers.Add("X-Paralus-User", user);
        if (access is not null) request.Headers.Add("X-Paralus-Access", access);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("did not come through a Paralus relay", await response.Content.ReadAsStringAsync());
    }
}
