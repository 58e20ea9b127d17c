using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>Hands out "secret-token-1", "secret-token-2", … each valid for <paramref name="lifetime"/> from the time asked.</summary>
internal sealed class FakeTokenSource(TimeProvider time, TimeSpan lifetime) : IAccessTokenSource
{
    private int _issued;

    public List<string> Scopes { get; } = [];

    public Task<MessagingAccessToken> GetTokenAsync(string scope, CancellationToken cancellationToken)
    {
        lock (Scopes) Scopes.Add(scope);
        var number = Interlocked.Increment(ref _issued);
        // AMQP timestamps carry milliseconds: keep the expiry exact on the wire.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        return Task.FromResult(new MessagingAccessToken($"secret-token-{number}", now + lifetime));
    }
}
