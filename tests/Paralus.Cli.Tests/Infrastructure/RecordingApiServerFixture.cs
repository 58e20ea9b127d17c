namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>One <see cref="RecordingApiServer"/> per test class; tests in a class run one after another and reset it.</summary>
public sealed class RecordingApiServerFixture : IAsyncLifetime
{
    public RecordingApiServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RecordingApiServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
