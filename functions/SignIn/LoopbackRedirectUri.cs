using Paralus.Domain.Text;

namespace Paralus.Functions.SignIn;

/// <summary>
/// Where a native client (the CLI) may have its sign-in code sent: an http URL on a loopback address with a port
/// (RFC 8252 §7.3). Nothing else is accepted, so a code can never be sent to a host an attacker chose.
/// </summary>
internal static class LoopbackRedirectUri
{
    public static string? Check(string? redirectUri)
    {
        if (string.IsNullOrEmpty(redirectUri) || redirectUri.Length > 512 || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var url))
        {
            return "redirect_uri must be an absolute URL.";
        }
        if (url.Scheme != Uri.UriSchemeHttp || !LoopbackHost.Is(url) || url.IsDefaultPort || url.UserInfo.Length > 0 || url.Fragment.Length > 0 || url.Query.Length > 0)
        {
            return "redirect_uri is not registered: only http://127.0.0.1:PORT/… (a loopback listener of the CLI) is accepted.";
        }
        return null;
    }
}
