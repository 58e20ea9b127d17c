using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

[Collection(ControlPlaneCollection.Name)]
public sealed class AuthenticationTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task WrongPassword_And_UnknownUser_GetTheSame401()
    {
        using var anonymous = fixture.Server.Client();
        var wrong = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(fixture.Server.AdminUser, "not-the-password"))).ProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest("nobody@example.com", "not-the-password"))).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(wrong, unknown);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    [InlineData("Bearer pk_org_key.secret")]
    public async Task EveryEndpoint_RefusesMissingOrForgedCredentials(string? authorization)
    {
        using var client = fixture.Server.Client();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        foreach (var path in new[] { "/api/v1/projects", "/api/v1/users", "/api/v1/rolebindings", "/api/v1/settings", "/api/v1/audit/system", "/api/v1/auth/whoami" })
        {
            await (await client.GetAsync(path)).ProblemAsync(HttpStatusCode.Unauthorized);
        }
        await (await client.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(ApiCalls.Unique("sneaky")))).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeactivatedUser_LosesSessionAndCannotLogIn()
    {
        using var admin = fixture.Admin();
        var user = ApiCalls.Unique("trainee") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: "trainee-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        using var trainee = fixture.Server.Client(await fixture.Server.LoginAsync(user, "trainee-password"));
        await (await trainee.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();

        await (await admin.PatchJsonAsync($"/api/v1/users/{user}", new UpdateUserRequest(Active: false))).ReadAsync<UserResource>();

        Assert.Contains("deactivated", await (await trainee.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized));
        using var anonymous = fixture.Server.Client();
        Assert.Contains("deactivated", await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(user, "trainee-password"))).ProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task ApiKey_Authenticates_IsStoredHashed_AndDiesWhenDeleted()
    {
        using var admin = fixture.Admin();
        var key = await (await admin.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("automation"))).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        Assert.StartsWith("pk_", key.Key);

        using var automation = fixture.Server.Client(key.Key);
        var me = await (await automation.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();
        Assert.Equal(("apikey", fixture.Server.AdminUser), (me.AuthenticatedBy, me.User));
        var listed = await admin.GetFromJsonAsync<ListResponse<ApiKeyResource>>("/api/v1/apikeys", ApiCalls.Json);
        Assert.NotNull(listed!.Items.Single(k => k.Id == key.Id).LastUsedAt);

        var secret = key.Key[(key.Key.IndexOf('.') + 1)..];
        Assert.False(await AnyStoredValueContainsAsync(secret), "the API key secret must not be stored in clear");

        using var tampered = fixture.Server.Client(key.Key[..^2] + "xx");
        await (await tampered.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/apikeys/{key.Id}")).StatusCode);
        await (await automation.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ExpiredSession_IsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ControlPlaneServer.StartAsync(fixture.Azurite, "s" + Guid.NewGuid().ToString("N")[..10], time: clock);
        using var client = server.Client(await server.LoginAsAdminAsync());
        await (await client.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        Assert.Contains("expired", await (await client.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized));
    }

    private async Task<bool> AnyStoredValueContainsAsync(string secret) =>
        (await RawTableRows.ReadAsync(fixture.Azurite.ConnectionString)).Any(r => r.Strings.Any(v => v.Contains(secret)));
}
