namespace Paralus.Functions.Tests.Infrastructure;

/// <summary>One Azurite and one control plane shared by a test collection; tests use unique names.</summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private AzuriteServer? _azurite;

    public ControlPlaneServer Server { get; private set; } = null!;

    public AzuriteServer Azurite => _azurite!;

    public string AdminToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        Server = await ControlPlaneServer.StartAsync(_azurite, "t" + Guid.NewGuid().ToString("N")[..10]);
        AdminToken = await Server.LoginAsAdminAsync();
    }

    public HttpClient Admin() => Server.Client(AdminToken);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control plane";
}
