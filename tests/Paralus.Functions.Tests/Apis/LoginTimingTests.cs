using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Domain.Security;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>
/// Security review, issue 14 item 4: a login for an unknown user, or for one without a local password, answered faster
/// than a wrong password, told which user names exist. Asserted by counting the password checks, not by a clock.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class LoginTimingTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Login_UnknownOrPasswordlessUser_RunsThePasswordCheck_LikeAWrongPassword()
    {
        var checks = new CountingPasswordVerifier();
        await using var server = await ControlPlaneServer.StartAsync(fixture.Azurite, "l" + Guid.NewGuid().ToString("N")[..10],
            services: s => s.AddSingleton<IPasswordVerifier>(checks));
        using var admin = server.Client(await server.LoginAsAdminAsync());
        var passwordless = ApiCalls.Unique("sso") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(passwordless))).ReadAsync<UserResource>(HttpStatusCode.Created);
        checks.Stored.Clear();

        using var anonymous = server.Client();
        foreach (var user in new[] { server.AdminUser, "nobody@example.com", passwordless })
        {
            await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(user, "not-the-password"))).ProblemAsync(HttpStatusCode.Unauthorized);
        }

        // One full check each: against the admin's hash, and against none (the verifier then hashes a stand-in of the same cost).
        Assert.Equal([true, false, false], checks.Stored.Select(hash => hash is not null).ToArray());
    }

    private sealed class CountingPasswordVerifier : IPasswordVerifier
    {
        private readonly PasswordVerifier _real = new();

        public ConcurrentQueue<string?> Stored { get; } = new();

        public bool Verify(string password, string? storedHash)
        {
            Stored.Enqueue(storedHash);
            return _real.Verify(password, storedHash);
        }
    }
}
