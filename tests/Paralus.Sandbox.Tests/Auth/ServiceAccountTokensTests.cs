using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Tests.Auth;

/// <summary>
/// Bound service-account tokens. A token's signature is verified once and remembered, as kube-apiserver caches
/// token authentication; what remembering must never do is keep a token alive past its expiry or its account.
/// </summary>
public sealed class ServiceAccountTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly ResourceStore _store;
    private readonly ServiceAccountTokens _tokens;

    public ServiceAccountTokensTests()
    {
        _store = new ResourceStore(_time);
        _tokens = new ServiceAccountTokens(SandboxKeys.Create("test", _time), _store, _time);
        _store.Create(ResourceCatalog.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "apps" } });
    }

    [Fact]
    public void Validate_RepeatedUse_KeepsAnsweringWithTheAccount()
    {
        var token = Issue("robot", seconds: 600);
        for (var i = 0; i < 3; i++)
        {
            var (user, audiences) = _tokens.Validate(token, [])!.Value;
            Assert.Equal("system:serviceaccount:apps:robot", user.Name);
            Assert.Equal([ServiceAccountTokens.ApiAudience], audiences);
        }
    }

    [Fact]
    public void Validate_AfterExpiry_RefusesATokenItHadAccepted()
    {
        var token = Issue("robot", seconds: 600);
        Assert.NotNull(_tokens.Validate(token, []));
        _time.Advance(TimeSpan.FromSeconds(601));
        Assert.Null(_tokens.Validate(token, []));
    }

    [Fact]
    public void Validate_AccountDeletedOrRecreated_RefusesATokenItHadAccepted()
    {
        var token = Issue("robot", seconds: 600);
        Assert.NotNull(_tokens.Validate(token, []));

        _store.Delete(ResourceCatalog.ServiceAccounts, "apps", "robot");
        Assert.Null(_tokens.Validate(token, []));
        _store.Create(ResourceCatalog.ServiceAccounts, Account("robot"));
        Assert.Null(_tokens.Validate(token, []));
    }

    [Fact]
    public void Validate_OtherAudience_RefusedEvenOnceAcceptedForItsOwn()
    {
        var token = Issue("robot", seconds: 600);
        Assert.NotNull(_tokens.Validate(token, []));
        Assert.Null(_tokens.Validate(token, ["https://vault.example.com"]));
    }

    [Fact]
    public void Validate_TamperedOrForeignToken_Refused()
    {
        var token = Issue("robot", seconds: 600);
        Assert.NotNull(_tokens.Validate(token, []));
        var parts = token.Split('.');
        var otherPayload = Issue("other", seconds: 600).Split('.')[1];
        Assert.Null(_tokens.Validate($"{parts[0]}.{otherPayload}.{parts[2]}", []));

        var foreignKeys = SandboxKeys.Create("elsewhere", _time);
        var foreign = new ServiceAccountTokens(foreignKeys, _store, _time).Issue(_store.GetRequired(ResourceCatalog.ServiceAccounts, "apps", "robot"), [ServiceAccountTokens.ApiAudience], 600).Token;
        Assert.Null(_tokens.Validate(foreign, []));
        Assert.Null(_tokens.Validate("not-a-token", []));
    }

    [Fact]
    public void Validate_MoreTokensThanTheCacheHolds_AllStillValidate()
    {
        var tokens = Enumerable.Range(0, VerifiedTokenCache.Capacity + 10).Select(_ => Issue("robot", seconds: 600)).ToList();
        Assert.All(tokens, token => Assert.NotNull(_tokens.Validate(token, [])));
        Assert.NotNull(_tokens.Validate(tokens[0], []));
    }

    /// <summary>A fresh token for the account, created first when it does not exist.</summary>
    private string Issue(string name, long seconds)
    {
        var account = _store.Get(ResourceCatalog.ServiceAccounts, "apps", name) ?? _store.Create(ResourceCatalog.ServiceAccounts, Account(name));
        return _tokens.Issue(account, [ServiceAccountTokens.ApiAudience], seconds).Token;
    }

    private static JsonObject Account(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "apps" } };
}
