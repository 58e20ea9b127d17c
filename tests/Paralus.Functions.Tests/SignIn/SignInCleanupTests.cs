using System.Security.Cryptography;
using System.Text;
using Paralus.Domain.Text;
using Paralus.Functions.Configuration;
using Paralus.Functions.SignIn;
using Paralus.Functions.Triggers;
using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.Tests.SignIn;

[Collection(SignInCollection.Name)]
public sealed class SignInCleanupTests(SignInFixture fixture)
{
    [Fact]
    public async Task Cleanup_DeletesExpiredSignInState_AndKeepsWhatIsStillLive()
    {
        var store = fixture.Server.Services.GetRequiredService<SignInStore>();
        var organization = fixture.Server.Services.GetRequiredService<ServedOrganization>().Id;
        var pending = new PendingAuthorization("idp", "http://127.0.0.1:1/cb", new string('A', 43), "state", "nonce", "verifier");
        await store.SaveAsync(organization, "expired-handle", pending, DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
        await store.SaveAsync(organization, "live-handle", pending, DateTimeOffset.UtcNow.AddMinutes(10), CancellationToken.None);
        var cleanup = fixture.Server.Services.GetServices<ITimerFunction>().Single(f => f.Name == SignInCleanupTrigger.FunctionName);

        var outcome = await cleanup.RunAsync(CancellationToken.None);

        Assert.Matches("deleted [1-9][0-9]* expired sign-in rows", outcome);
        Assert.Null(await store.PeekAsync<PendingAuthorization>(organization, "expired-handle", CancellationToken.None));
        Assert.Equal(pending, await store.PeekAsync<PendingAuthorization>(organization, "live-handle", CancellationToken.None));
        // Expired rows are unreadable anyway: the table itself must no longer hold the row.
        var key = "authorize:" + Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes("expired-handle")));
        var rows = await RawTableRows.ReadAsync(fixture.Azurite.ConnectionString, table => table == fixture.Server.TablePrefix + "signins");
        Assert.DoesNotContain(rows, row => row.RowKey == key);
    }
}
