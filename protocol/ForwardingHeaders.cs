namespace Paralus.TunnelProtocol;

/// <summary>
/// Headers on the way from a user through relay and agent to a cluster. Whatever a client sends that could act as
/// someone else (<c>Authorization</c>, <c>Impersonate-*</c>) or forge what the relay tells the agent
/// (<c>X-Paralus-*</c>) is removed; only the relay adds <c>X-Paralus-*</c> headers.
/// </summary>
public static class ForwardingHeaders
{
    public const string InternalPrefix = "X-Paralus-";

    /// <summary>The Paralus user on whose behalf the relay forwards a request.</summary>
    public const string User = InternalPrefix + "User";

    /// <summary>
    /// The relay's audit event id for the request. The apiserver adopts it as its own audit ID (and echoes it), so the
    /// relay's record and the cluster's join. The relay replaces a client's value; the agent passes the relay's on.
    /// </summary>
    public const string AuditId = "Audit-ID";

    /// <summary>Removes from a request on its way out every header <see cref="MustStrip"/> names.</summary>
    public static void Strip(System.Net.Http.Headers.HttpRequestHeaders headers)
    {
        // NonValidated: listing the names must not parse every header value on the hot path.
        List<string>? found = null;
        foreach (var header in headers.NonValidated)
        {
            if (MustStrip(header.Key)) (found ??= []).Add(header.Key);
        }
        if (found is null) return;
        foreach (var name in found) headers.Remove(name);
    }

    /// <summary>Whether a request header must not pass on: credentials, impersonation, or the relay's own headers.</summary>
    public static bool MustStrip(string header) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || IsImpersonation(header)
        || header.StartsWith(InternalPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>Impersonate-User</c>, <c>-Group</c>, <c>-Uid</c>, <c>-Extra-*</c>: what <c>kubectl --as</c> sends.</summary>
    public static bool IsImpersonation(string header) => header.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase);
}
