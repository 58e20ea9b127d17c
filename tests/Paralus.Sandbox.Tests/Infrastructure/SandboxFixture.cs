using Paralus.Sandbox.Hosting;

namespace Paralus.Sandbox.Tests.Infrastructure;

/// <summary>One in-process sandbox per test class, with its admin kubeconfig on disk.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paralus-sandbox-tests", Guid.NewGuid().ToString("N"));

    public SandboxHost Host { get; private set; } = null!;

    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Host = await SandboxHost.StartAsync(new SandboxOptions { KubeconfigPath = KubeconfigPath, LogInterval = TimeSpan.FromMilliseconds(200) });
        Kubectl = new Kubectl(KubeconfigPath, Path.Combine(_directory, "home"));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
