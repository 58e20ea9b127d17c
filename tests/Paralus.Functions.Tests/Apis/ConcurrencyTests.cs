using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

[Collection(ControlPlaneCollection.Name)]
public sealed class ConcurrencyTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task ConcurrentUpdatesOfOneGroup_OneSucceeds_OtherGetsClearConflict()
    {
        using var admin = fixture.Admin();
        var group = ApiCalls.Unique("racers");
        var read = await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).ReadAsync<GroupResource>(HttpStatusCode.Created);
        var alice = ApiCalls.Unique("alice") + "@example.com";
        var bob = ApiCalls.Unique("bob") + "@example.com";
        foreach (var user in new[] { alice, bob }) await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user))).ReadAsync<UserResource>(HttpStatusCode.Created);

        // Both clients read the same version and write at once.
        var responses = await Task.WhenAll(
            admin.PatchJsonAsync($"/api/v1/groups/{group}", new UpdateGroupRequest(AddUsers: [alice]), read.ETag),
            admin.PatchJsonAsync($"/api/v1/groups/{group}", new UpdateGroupRequest(AddUsers: [bob]), read.ETag));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
        Assert.Contains("was changed by another request", await loser.ProblemAsync(HttpStatusCode.PreconditionFailed));
        var final = await admin.GetFromJsonAsync<GroupResource>($"/api/v1/groups/{group}", ApiCalls.Json);
        Assert.Single(final!.Members);
    }

    [Fact]
    public async Task UnconditionalUpdatesOfDifferentGroups_AllSucceed()
    {
        using var admin = fixture.Admin();
        var groups = Enumerable.Range(0, 6).Select(_ => ApiCalls.Unique("g")).ToArray();
        foreach (var g in groups) await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(g))).ReadAsync<GroupResource>(HttpStatusCode.Created);

        var responses = await Task.WhenAll(groups.Select(g => admin.PatchJsonAsync($"/api/v1/groups/{g}", new UpdateGroupRequest(Description: "changed"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}
