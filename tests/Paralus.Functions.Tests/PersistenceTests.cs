using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task RestartingTheStack_KeepsAllData_AndTheFirstAdmin()
    {
        var data = Directory.CreateTempSubdirectory("paralus-azurite-").FullName;
        var state = Directory.CreateTempSubdirectory("paralus-state-").FullName;
        var project = ApiCalls.Unique("kept");
        string password;
        int port;

        await using (var azurite = await AzuriteServer.StartAsync(data))
        await using (var server = await ControlPlaneServer.StartAsync(azurite, "persist", state))
        {
            port = azurite.Port;
            using var admin = server.Client(await server.LoginAsAdminAsync());
            password = server.AdminPassword;
            await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        }

        await using (var azurite = await AzuriteServer.StartAsync(data, port))
        await using (var server = await ControlPlaneServer.StartAsync(azurite, "persist", state))
        {
            // The password chosen at the first sign-in stays, and with it the end of the restriction.
            Assert.Equal(password, server.AdminPassword);
            var login = await server.LoginResponseAsync(server.AdminUser, password);
            Assert.Null(login.Restriction);
            using var admin = server.Client(login.Token);
            var kept = await admin.GetFromJsonAsync<ProjectResource>($"/api/v1/projects/{project}", ApiCalls.Json);
            Assert.Equal(project, kept!.Name);
            var admins = await admin.GetFromJsonAsync<ListResponse<UserResource>>("/api/v1/users", ApiCalls.Json);
            Assert.Single(admins!.Items);
        }
    }
}
