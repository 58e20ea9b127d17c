using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>Deleting a user or group removes its memberships and bindings in the same operation: checked on the raw table rows.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class CascadeDeleteTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task DeleteUser_RemovesMembershipsBindingsAndApiKeys()
    {
        using var admin = fixture.Admin();
        var (user, group) = (ApiCalls.Unique("leaver") + "@example.com", ApiCalls.Unique("team"));
        var created = await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: "a-long-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).ReadAsync<GroupResource>(HttpStatusCode.Created);
        await (await admin.PatchJsonAsync($"/api/v1/groups/{group}", new UpdateGroupRequest(AddUsers: [user]))).ReadAsync<GroupResource>();
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: user, Project: "default", Namespace: "apple")))
            .ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        using var leaver = fixture.Server.Client(await fixture.Server.LoginAsync(user, "a-long-password"));
        await (await leaver.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("ci"))).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        Assert.NotEmpty(await RowsMentioningAsync(created.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{user}")).StatusCode);

        Assert.Empty(await RowsMentioningAsync(created.Id));
        var members = await admin.GetFromJsonAsync<GroupResource>($"/api/v1/groups/{group}", ApiCalls.Json);
        Assert.Empty(members!.Members);
        var bindings = await admin.GetFromJsonAsync<ListResponse<RoleBindingResource>>($"/api/v1/rolebindings?user={user}", ApiCalls.Json);
        Assert.Empty(bindings!.Items);
    }

    [Fact]
    public async Task DeleteGroup_RemovesMembershipsAndBindings_ButNotUsers()
    {
        using var admin = fixture.Admin();
        var (user, group) = (ApiCalls.Unique("member") + "@example.com", ApiCalls.Unique("Trainees"));
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user))).ReadAsync<UserResource>(HttpStatusCode.Created);
        var created = await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).ReadAsync<GroupResource>(HttpStatusCode.Created);
        await (await admin.PatchJsonAsync($"/api/v1/groups/{group}", new UpdateGroupRequest(AddUsers: [user]))).ReadAsync<GroupResource>();
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("CLUSTER_ADMIN", Group: group, Project: "default")))
            .ReadAsync<RoleBindingResource>(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/groups/{group}")).StatusCode);

        Assert.Empty(await RowsMentioningAsync(created.Id));
        var remaining = await admin.GetFromJsonAsync<UserResource>($"/api/v1/users/{user}", ApiCalls.Json);
        Assert.Equal(["All Local Users"], remaining!.Groups);
    }

    [Fact]
    public async Task BuiltInGroups_CannotBeDeleted()
    {
        using var admin = fixture.Admin();
        var detail = await (await admin.DeleteAsync("/api/v1/groups/Organization%20Admins")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("built-in group", detail);
    }

    /// <summary>Every row of the directory table whose key or data mentions the id.</summary>
    private async Task<List<string>> RowsMentioningAsync(string id) =>
        (await RawTableRows.ReadAsync(fixture.Azurite.ConnectionString, name => name.EndsWith("directory", StringComparison.Ordinal)))
            .Where(r => r.RowKey.Contains(id) || r.Strings.Any(v => v.Contains(id))).Select(r => r.RowKey).ToList();
}
