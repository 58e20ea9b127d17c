namespace Paralus.TunnelProtocol;

/// <summary>
/// The URI a request leaves the relay or the agent with: the destination, then the path and query exactly as they
/// came. <see cref="Uri"/> would otherwise turn '\' into '/', resolve dot segments and re-encode, so the next hop
/// could read a different path from the one the relay authorized.
/// </summary>
public static class ForwardedUri
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <param name="destination">Scheme and authority, optionally with a base path; a trailing '/' is dropped.</param>
    /// <param name="rawPathAndQuery">Starts with '/'; forwarded byte for byte.</param>
    public static Uri Create(string destination, string rawPathAndQuery) =>
        new(destination.TrimEnd('/') + rawPathAndQuery, in Verbatim);
}
