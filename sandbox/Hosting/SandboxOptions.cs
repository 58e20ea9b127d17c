namespace Paralus.Sandbox.Hosting;

/// <summary>How to start a sandbox.</summary>
public sealed record SandboxOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Cluster and context name in the written kubeconfig.</summary>
    public string Name { get; init; } = "paralus-sandbox";

    /// <summary>Where to write the admin kubeconfig; null writes none.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>Loaded on start when it exists, saved on stop; null keeps state in memory only.</summary>
    public string? StateFile { get; init; }

    /// <summary>How often each running container writes a heartbeat line to its log.</summary>
    public TimeSpan LogInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for timestamps, token lifetimes, certificate validity and log heartbeats.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Called with each request's method and target exactly as received (what an apiserver's audit log records as
    /// <c>requestURI</c>), before anything reads it: tests see byte for byte what reached the cluster.
    /// </summary>
    public Action<string, string>? RequestObserver { get; init; }

    /// <summary>Lowest level written to the console; tests keep it at Warning.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;
}
