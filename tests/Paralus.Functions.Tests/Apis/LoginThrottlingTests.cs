using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>
/// Security review, issue 14 item 5: 30 wrong passwords and then the right one used to be accepted at once. Each test
/// has its own control plane and clock, because locks are per instance and would otherwise hold other tests' logins.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class LoginThrottlingTests(ControlPlaneFixture fixture)
{
    private const string Password = "victim-password";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Login_AfterRepeatedWrongPasswords_Is429WithRetryAfter_EvenWithTheRightPassword_UntilTheLockEnds()
    {
        await using var server = await StartAsync();
        var victim = await CreateUserAsync(server);
        using var attacker = server.Client();

        for (var attempt = 1; attempt <= 5; attempt++) await (await LoginAsync(attacker, victim, "guess-" + attempt)).ProblemAsync(HttpStatusCode.Unauthorized);
        var refused = await LoginAsync(attacker, victim, Password);

        Assert.Contains("too many failed sign-ins", await refused.ProblemAsync(HttpStatusCode.TooManyRequests));
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        using var admin = server.Client(await server.LoginAsAdminAsync());
        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor={victim}&action=user.login", ApiCalls.Json);
        Assert.Contains(audit!.Items, e => e.Outcome == "denied" && e.Detail!.Contains("too many failed sign-ins"));
        Assert.Contains(audit.Items, e => e.Detail!.Contains("sign-in locked for 30 s"));

        _clock.Advance(TimeSpan.FromSeconds(31));
        await (await LoginAsync(attacker, victim, Password)).ReadAsync<LoginResponse>();
    }

    [Fact]
    public async Task Login_UnknownUserName_IsThrottledExactlyLikeAnExistingOne()
    {
        await using var server = await StartAsync();
        var known = await CreateUserAsync(server);
        using var client = server.Client();

        var answers = new List<string>();
        foreach (var user in new[] { known, "nobody-" + known })
        {
            var statuses = new List<string>();
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                var response = await LoginAsync(client, user, "wrong-password");
                statuses.Add($"{(int)response.StatusCode} {response.Headers.RetryAfter?.Delta} {await response.ProblemAsync(response.StatusCode)}");
            }

            answers.Add(string.Join("\n", statuses));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.StartsWith("429 00:00:30", answers[1].Split('\n')[5]);
    }

    [Fact]
    public async Task Lockout_DoublesButIsCapped_AndAnAdministratorCanUnlock()
    {
        await using var server = await StartAsync();
        var victim = await CreateUserAsync(server);
        using var attacker = server.Client();
        for (var attempt = 1; attempt <= 4; attempt++) await (await LoginAsync(attacker, victim, "guess")).ProblemAsync(HttpStatusCode.Unauthorized);

        var locks = new List<TimeSpan>();
        for (var round = 0; round < 8; round++)
        {
            await (await LoginAsync(attacker, victim, "guess")).ProblemAsync(HttpStatusCode.Unauthorized);
            var refused = await LoginAsync(attacker, victim, Password);
            await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
            locks.Add(refused.Headers.RetryAfter!.Delta!.Value);
            _clock.Advance(locks[^1]);
        }

        Assert.Equal([30, 60, 120, 240, 480, 900, 900, 900], locks.Select(l => (int)l.TotalSeconds).ToArray());

        await (await LoginAsync(attacker, victim, "guess")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await LoginAsync(attacker, victim, Password)).ProblemAsync(HttpStatusCode.TooManyRequests);
        using var admin = server.Client(await server.LoginAsAdminAsync());
        using var victimClient = server.Client(await UnlockAndLoginAsync(server, admin, victim));
        await (await victimClient.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();
        await (await admin.PostAsync("/api/v1/users/nobody@example.com/unlock", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await victimClient.PostAsync($"/api/v1/users/{victim}/unlock", null)).ProblemAsync(HttpStatusCode.Forbidden);
        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?action=user.unlock", ApiCalls.Json);
        Assert.Contains(audit!.Items, e => e.Outcome == "success" && e.Target == $"user/{victim}" && e.Actor == server.AdminUser);
    }

    [Fact]
    public async Task AnAddressThatSignedInBefore_IsNotHeldByTheAccountLock_ButAFailingAddressIs()
    {
        await using var server = await StartAsync();
        var victim = await CreateUserAsync(server);
        using var home = server.Client();
        await (await LoginAsync(home, victim, Password)).ReadAsync<LoginResponse>();
        using var attacker = ClientFrom(server, "127.0.0.2");

        for (var attempt = 1; attempt <= 5; attempt++) await (await LoginAsync(attacker, victim, "guess")).ProblemAsync(HttpStatusCode.Unauthorized);

        await (await LoginAsync(attacker, victim, Password)).ProblemAsync(HttpStatusCode.TooManyRequests);
        using var elsewhere = ClientFrom(server, "127.0.0.3");
        await (await LoginAsync(elsewhere, victim, Password)).ProblemAsync(HttpStatusCode.TooManyRequests);
        await (await LoginAsync(home, victim, Password)).ReadAsync<LoginResponse>();
    }

    [Fact]
    public async Task AnAddressSprayingManyNames_IsLockedForEveryName()
    {
        await using var server = await StartAsync();
        var victim = await CreateUserAsync(server);
        using var sprayer = ClientFrom(server, "127.0.0.4");

        for (var attempt = 1; attempt <= 20; attempt++) await (await LoginAsync(sprayer, $"user{attempt}@example.com", "Winter2026!")).ProblemAsync(HttpStatusCode.Unauthorized);

        await (await LoginAsync(sprayer, victim, Password)).ProblemAsync(HttpStatusCode.TooManyRequests);
        using var other = server.Client();
        await (await LoginAsync(other, victim, Password)).ReadAsync<LoginResponse>();
    }

    [Fact]
    public async Task BehindTheFunctionsHost_TheForwardedClientAddress_IsWhatIsThrottledAndAudited()
    {
        await using var server = await StartAsync(new Dictionary<string, string?> { ["Paralus:ControlPlane:ClientAddressFromForwardedFor"] = "true" });
        var victim = await CreateUserAsync(server);
        // Every request comes from the host on loopback; only X-Forwarded-For tells the clients apart.
        using var host = server.Client();

        for (var attempt = 1; attempt <= 20; attempt++)
            await (await LoginAsync(host, $"user{attempt}@example.com", "Winter2026!", forwardedFor: "203.0.113.5")).ProblemAsync(HttpStatusCode.Unauthorized);

        await (await LoginAsync(host, victim, Password, forwardedFor: "203.0.113.5")).ProblemAsync(HttpStatusCode.TooManyRequests);
        await (await LoginAsync(host, victim, Password, forwardedFor: "198.51.100.7")).ReadAsync<LoginResponse>();
        using var admin = server.Client(await server.LoginAsAdminAsync());
        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>("/api/v1/audit/system?actor=user1@example.com&action=user.login", ApiCalls.Json);
        Assert.Equal("203.0.113.5", Assert.Single(audit!.Items).ClientAddress);
    }

    private Task<ControlPlaneServer> StartAsync(IDictionary<string, string?>? settings = null) =>
        ControlPlaneServer.StartAsync(fixture.Azurite, "b" + Guid.NewGuid().ToString("N")[..10], settings: settings, time: _clock);

    private static async Task<string> CreateUserAsync(ControlPlaneServer server)
    {
        using var admin = server.Client(await server.LoginAsAdminAsync());
        var user = ApiCalls.Unique("victim") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: Password))).ReadAsync<UserResource>(HttpStatusCode.Created);
        return user;
    }

    private static async Task<string> UnlockAndLoginAsync(ControlPlaneServer server, HttpClient admin, string user)
    {
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{user}/unlock", null)).StatusCode);
        return await server.LoginAsync(user, Password);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string user, string password, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new LoginRequest(user, password)) };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    /// <summary>A client whose connections come from another loopback address, so the server sees another client.</summary>
    private static HttpClient ClientFrom(ControlPlaneServer server, string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = server.BaseAddress };
}
