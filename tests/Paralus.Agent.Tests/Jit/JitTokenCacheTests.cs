using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paralus.Agent.ApiServer;
using Paralus.Agent.Jit;
using Paralus.Domain.Kubernetes;
using Paralus.Domain.Policy;

namespace Paralus.Agent.Tests.Jit;

/// <summary>
/// What the agent asks of the apiserver for a user's requests: everything on the first one, nothing more while their
/// access stays the same and their token is far from expiry, a new token before the old one runs out, and the
/// last-used label rewritten at most every few minutes. Every call of the agent's own client is counted.
/// </summary>
public sealed class JitTokenCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-jit-cache-").FullName;
    private readonly CallLog _calls = new();
    private readonly ShiftedTimeProvider _time = new();
    // A user of their own per test (xunit makes an instance per test), so tests never share an account.
    private readonly string _user = $"cache-{Guid.NewGuid().ToString("N")[..8]}@example.com";
    private TestCluster _cluster = null!;
    private JitServiceAccounts _accounts = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_folder);
        var target = ApiServerTarget.Load(_cluster.KubeconfigPath, _calls);
        _accounts = new JitServiceAccounts(target, Options.Create(new JitOptions { TokenLifetime = TokenLifetime }), _time, NullLogger<JitServiceAccounts>.Instance);
    }

    [Fact]
    public async Task SameAccess_AfterTheFirstRequest_CostsNoApiCall_AndReusesTheToken()
    {
        var spec = ReaderOfEverything();

        var first = await _accounts.GetTokenAsync(spec, CancellationToken.None);
        Assert.Contains(_calls.Taken(), c => c.EndsWith($"/serviceaccounts/{spec.ServiceAccountName}/token", StringComparison.Ordinal));

        for (var i = 0; i < 20; i++) Assert.Equal(first, await _accounts.GetTokenAsync(spec, CancellationToken.None));
        Assert.Empty(_calls.Taken());
    }

    [Fact]
    public async Task ChangedAccess_IsReconciledOnce_ThenCostsNothingAgain()
    {
        var spec = ReaderOfEverything();
        await _accounts.GetTokenAsync(spec, CancellationToken.None);
        _calls.Taken();

        var narrowed = JitAccessSpec.For(_user, KubernetesAccessLevel.None, new Dictionary<string, KubernetesAccessLevel> { ["default"] = KubernetesAccessLevel.Read });
        await _accounts.GetTokenAsync(narrowed, CancellationToken.None);
        Assert.Contains(_calls.Taken(), c => c.StartsWith("DELETE ", StringComparison.Ordinal) && c.Contains("/clusterrolebindings/", StringComparison.Ordinal));

        await _accounts.GetTokenAsync(narrowed, CancellationToken.None);
        Assert.Empty(_calls.Taken());
    }

    [Fact]
    public async Task TokenNearItsExpiry_IsRenewedBeforeItRunsOut()
    {
        var spec = ReaderOfEverything();
        await _accounts.GetTokenAsync(spec, CancellationToken.None);
        _calls.Taken();

        _time.Shift = TokenLifetime - TimeSpan.FromMinutes(5);
        var renewed = await _accounts.GetTokenAsync(spec, CancellationToken.None);

        Assert.Contains(_calls.Taken(), c => c == $"POST /api/v1/namespaces/paralus-system/serviceaccounts/{spec.ServiceAccountName}/token");
        Assert.Equal(renewed, await _accounts.GetTokenAsync(spec, CancellationToken.None));
        Assert.Empty(_calls.Taken());
    }

    [Fact]
    public async Task LastUsedLabel_IsRewrittenAtMostEveryFewMinutes_WithoutANewToken()
    {
        var spec = ReaderOfEverything();
        var token = await _accounts.GetTokenAsync(spec, CancellationToken.None);
        _calls.Taken();

        _time.Shift = TimeSpan.FromMinutes(6);
        Assert.Equal(token, await _accounts.GetTokenAsync(spec, CancellationToken.None));
        Assert.Equal([$"PATCH /api/v1/namespaces/paralus-system/serviceaccounts/{spec.ServiceAccountName}"], _calls.Taken());

        _time.Shift = TimeSpan.FromMinutes(8);
        Assert.Equal(token, await _accounts.GetTokenAsync(spec, CancellationToken.None));
        Assert.Empty(_calls.Taken());

        var account = await _cluster.GetJsonAsync("get", "serviceaccount", spec.ServiceAccountName, "-n", "paralus-system");
        var lastUsed = long.Parse(account.GetProperty("metadata").GetProperty("labels").GetProperty(JitLabels.LastUsed).GetString()!);
        Assert.InRange(lastUsed, _time.GetUtcNow().AddMinutes(-3).ToUnixTimeSeconds(), _time.GetUtcNow().ToUnixTimeSeconds());
    }

    private JitAccessSpec ReaderOfEverything() => JitAccessSpec.For(_user, KubernetesAccessLevel.Read, new Dictionary<string, KubernetesAccessLevel>());

    public async Task DisposeAsync()
    {
        // Against a real cluster, nothing of the test's user stays behind.
        await _accounts.DeleteAsync(ServiceAccountNames.ForUser(_user), CancellationToken.None);
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>"METHOD /path" of every call the agent's own client makes, taken (and cleared) by the test.</summary>
    private sealed class CallLog : DelegatingHandler
    {
        private readonly ConcurrentQueue<string> _calls = new();

        public IReadOnlyList<string> Taken()
        {
            var taken = new List<string>();
            while (_calls.TryDequeue(out var call)) taken.Add(call);
            return taken;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _calls.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
