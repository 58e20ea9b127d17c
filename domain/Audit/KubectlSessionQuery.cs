namespace Paralus.Domain.Audit;

/// <summary>
/// What an exec, attach or port-forward asks for, read from its query string as the apiserver reads it
/// (<c>command</c> repeated, <c>container</c>, <c>tty</c>, <c>ports</c>); null for every other request.
/// </summary>
public static class KubectlSessionQuery
{
    private const int MaxParts = 64;
    private const int MaxPartLength = 1024;

    public static KubectlSession? Read(string subresource, string rawQuery)
    {
        if (subresource is not ("exec" or "attach" or "portforward")) return null;
        string? container = null;
        var tty = false;
        List<string> command = [], ports = [];
        foreach (var pair in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Take(MaxParts))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (value.Length > MaxPartLength) value = value[..MaxPartLength] + "…";
            switch (key)
            {
                case "command": command.Add(value); break;
                case "container": container = value; break;
                case "tty": tty = value is "1" or "true"; break;
                case "ports": ports.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
            }
        }
        return new KubectlSession(container, command, tty, ports);
    }

    private static string Decode(string part)
    {
        try
        {
            return Uri.UnescapeDataString(part.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return part;
        }
    }
}
