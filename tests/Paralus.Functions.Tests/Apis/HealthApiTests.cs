using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

[Collection(ControlPlaneCollection.Name)]
public sealed class HealthApiTests(ControlPlaneFixture fixture)
{
    [Theory]
    [InlineData("/healthz", "ok")]
    [InlineData("/readyz", "ready")]
    public async Task Probes_AnswerWithoutSignIn(string path, string status)
    {
        using var anonymous = fixture.Server.Client();
        using var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new HealthResponse(status), await response.Content.ReadFromJsonAsync<HealthResponse>(ApiCalls.Json));
    }
}
