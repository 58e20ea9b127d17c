using System.Net;

namespace Paralus.Domain.Text;

/// <summary>Whether a URL names this machine: <c>localhost</c> or a loopback address (<c>127.0.0.0/8</c>, <c>[::1]</c>).</summary>
public static class LoopbackHost
{
    public static bool Is(Uri url) =>
        url.Host == "localhost" || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
