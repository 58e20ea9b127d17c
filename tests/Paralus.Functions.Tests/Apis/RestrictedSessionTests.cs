using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>
/// Sessions that may only secure their own account: the first administrator's generated password must be changed at
/// the first sign-in, and an organization may require administrators to add an authenticator. Each test has its own
/// control plane: the first sign-in and the organization's rule are per deployment.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RestrictedSessionTests(ControlPlaneFixture fixture)
{
    private const string Password = "restricted-sessions-1";

    [Fact]
    public async Task GeneratedAdminPassword_SignsInToARestrictedSession_ThatMayOnlyChangeIt()
    {
        await using var server = await StartAsync();
        var generated = server.AdminPassword;
        var login = await server.LoginResponseAsync(server.AdminUser, generated);
        Assert.Equal(SessionRestrictions.PasswordChange, login.Restriction);
        using var restricted = server.Client(login.Token);

        // Nothing else: no reads, no kubeconfig, no API key that would outlive the restriction.
        foreach (var refused in new[]
        {
            await restricted.GetAsync("/api/v1/projects"),
            await restricted.PostAsJsonAsync("/api/v1/kubeconfig", new { }),
            await restricted.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("sneaky")),
        })
        {
            Assert.Contains("paralus passwd", await refused.ProblemAsync(HttpStatusCode.Forbidden));
            Assert.Equal(SessionRestrictions.PasswordChange, await ApiCalls.ProblemErrorAsync(refused));
        }
        var whoAmI = await restricted.GetFromJsonAsync<WhoAmIResponse>("/api/v1/auth/whoami", ApiCalls.Json);
        Assert.Equal(SessionRestrictions.PasswordChange, whoAmI!.Restriction);

        await (await restricted.PostAsJsonAsync("/api/v1/auth/password", new ChangePasswordRequest("not-the-password", "a-new-password-1"))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await restricted.PostAsJsonAsync("/api/v1/auth/password", new ChangePasswordRequest(generated, generated))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await restricted.PostAsJsonAsync("/api/v1/auth/password", new ChangePasswordRequest(generated, "short"))).ProblemAsync(HttpStatusCode.BadRequest);
        var changed = await (await restricted.PostAsJsonAsync("/api/v1/auth/password", new ChangePasswordRequest(generated, "a-new-password-1"))).ReadAsync<LoginResponse>();

        Assert.Null(changed.Restriction);
        using var full = server.Client(changed.Token);
        (await full.GetAsync("/api/v1/projects")).EnsureSuccessStatusCode();
        await (await restricted.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await server.Client().PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(server.AdminUser, generated))).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Null((await server.LoginResponseAsync(server.AdminUser, "a-new-password-1")).Restriction);
    }

    [Fact]
    public async Task ChangingYourPassword_EndsYourOtherSessions_AndNeedsTheCurrentOne()
    {
        await using var server = await StartAsync();
        var user = await CreateUserAsync(server, role: null);
        var first = await server.LoginAsync(user, Password);
        var second = await server.LoginAsync(user, Password);
        using var client = server.Client(first);

        var changed = await (await client.PostAsJsonAsync("/api/v1/auth/password", new ChangePasswordRequest(Password, "another-password-2"))).ReadAsync<LoginResponse>();

        await (await server.Client(second).GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized);
        (await server.Client(changed.Token).GetAsync("/api/v1/auth/whoami")).EnsureSuccessStatusCode();
        // A session issued right after the change, in the same second, works too.
        (await server.Client(await server.LoginAsync(user, "another-password-2")).GetAsync("/api/v1/auth/whoami")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task SecondFactorRequiredForAdmins_RestrictsAdministratorsWithoutOne_UntilTheyAddIt()
    {
        await using var server = await StartAsync();
        var administrator = await CreateUserAsync(server, "NAMESPACE_ADMIN");
        var reader = await CreateUserAsync(server, "NAMESPACE_READ_ONLY");
        using var admin = server.Client(await server.LoginAsAdminAsync());

        // The rule would lock out whoever turns it on without an authenticator of their own.
        await (await admin.PatchJsonAsync("/api/v1/settings", new UpdateOrganizationSettingsRequest(RequireSecondFactorForAdmins: true))).ProblemAsync(HttpStatusCode.Conflict);
        var (adminCodes, _, _, _) = await Authenticators.EnrollAsync(server, await server.LoginAsAdminAsync());
        var settings = await (await admin.PatchJsonAsync("/api/v1/settings", new UpdateOrganizationSettingsRequest(RequireSecondFactorForAdmins: true))).ReadAsync<OrganizationSettingsResource>();
        Assert.True(settings.RequireSecondFactorForAdmins);

        Assert.Null((await server.LoginResponseAsync(reader, Password)).Restriction);
        var login = await server.LoginResponseAsync(administrator, Password);
        Assert.Equal(SessionRestrictions.SecondFactorEnrollment, login.Restriction);
        using var restricted = server.Client(login.Token);
        var refused = await restricted.GetAsync("/api/v1/projects");
        Assert.Contains("paralus totp enable", await refused.ProblemAsync(HttpStatusCode.Forbidden));
        Assert.Equal(SessionRestrictions.SecondFactorEnrollment, await ApiCalls.ProblemErrorAsync(refused));

        var (codes, _, _, _) = await Authenticators.EnrollAsync(server, login.Token);
        // The session that enrolled stays restricted; the next sign-in, with a code, is not.
        await (await restricted.GetAsync("/api/v1/projects")).ProblemAsync(HttpStatusCode.Forbidden);
        using var signIn = await server.Client().PostAsJsonAsync("/api/v1/auth/login",
            new LoginRequest(administrator, Password, codes.ComputeTotp(DateTime.UtcNow.AddSeconds(30))));
        Assert.Null((await signIn.ReadAsync<LoginResponse>()).Restriction);
        using var adminSignIn = await server.Client().PostAsJsonAsync("/api/v1/auth/login",
            new LoginRequest(server.AdminUser, server.AdminPassword, adminCodes.ComputeTotp(DateTime.UtcNow.AddSeconds(30))));
        Assert.Null((await adminSignIn.ReadAsync<LoginResponse>()).Restriction);
    }

    private Task<ControlPlaneServer> StartAsync() => ControlPlaneServer.StartAsync(fixture.Azurite, "r" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>A local user; with <paramref name="role"/>, bound to it on namespace <c>apps</c> of the default project through a group.</summary>
    private static async Task<string> CreateUserAsync(ControlPlaneServer server, string? role)
    {
        using var admin = server.Client(await server.LoginAsAdminAsync());
        var user = ApiCalls.Unique("local") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: Password))).ReadAsync<UserResource>(HttpStatusCode.Created);
        if (role is not null)
        {
            var group = ApiCalls.Unique("team");
            await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).ReadAsync<GroupResource>(HttpStatusCode.Created);
            (await admin.PatchJsonAsync($"/api/v1/groups/{group}", new UpdateGroupRequest(AddUsers: [user]))).EnsureSuccessStatusCode();
            await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest(role, Group: group, Project: "default", Namespace: "apps")))
                .ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        }
        return user;
    }
}
