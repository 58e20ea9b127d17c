namespace Paralus.Cli.Api;

/// <summary>No answer from the server at all: refused, unknown host, TLS failure or time-out.</summary>
internal sealed class ServerUnreachableException(Uri server, string reason, Exception? inner = null)
    : Exception($"Unable to connect to the server at {server}: {reason}", inner)
{
    public Uri Server { get; } = server;
}
