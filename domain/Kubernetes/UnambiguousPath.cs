namespace Paralus.Domain.Kubernetes;

/// <summary>
/// The request paths the relay forwards: those every hop reads the same way. Go's URL parser, the apiserver's router,
/// .NET's <see cref="Uri"/> and Kestrel disagree about backslashes, dot segments, encoded separators, empty segments
/// and bytes outside ASCII; a path holding any of them could be authorized as one request and served as another, so
/// it is refused before anyone decides on it. What passes decodes to the same path in all of them, and is forwarded
/// byte for byte as it came.
/// </summary>
public static class UnambiguousPath
{
    /// <summary>Null when <paramref name="rawPath"/> (as sent, still percent-encoded, without its query) is unambiguous; else why not.</summary>
    public static string? Problem(ReadOnlySpan<char> rawPath)
    {
        if (rawPath.IsEmpty || rawPath[0] != '/') return "the path must start with '/'";
        var segmentStart = 1;
        for (var i = 1; i <= rawPath.Length; i++)
        {
            if (i == rawPath.Length || rawPath[i] == '/')
            {
                var segment = rawPath[segmentStart..i];
                // One trailing slash is read as none by the apiserver and by the relay alike; "//" is not.
                if (segment.IsEmpty && i < rawPath.Length) return "the path has an empty segment ('//')";
                if (segment is "." or "..") return "the path has a '.' or '..' segment";
                segmentStart = i + 1;
                continue;
            }

            var c = rawPath[i];
            if (c == '%')
            {
                if (i + 2 >= rawPath.Length || !TryHex(rawPath[i + 1], rawPath[i + 2], out var decoded)) return "the path has an invalid percent-encoding";
                if (decoded is '/' or '\\' or '.' or '%') return $"the path encodes '{decoded}' (%{rawPath[i + 1]}{rawPath[i + 2]})";
                if (!IsPlain(decoded)) return "the path encodes a control character or a byte outside ASCII";
                i += 2;
            }
            else if (c == '\\') return "the path has a backslash";
            else if (!IsPlain(c)) return "the path has a control character, a space or a character outside ASCII";
        }

        return null;
    }

    /// <summary>Null when a raw query holds only visible ASCII (its encodings are the apiserver's to read, as the relay's parser does); else why not.</summary>
    public static string? QueryProblem(ReadOnlySpan<char> rawQuery)
    {
        foreach (var c in rawQuery)
        {
            if (!IsPlain(c)) return "the query has a control character, a space or a character outside ASCII";
        }

        return null;
    }

    /// <summary>The path as the apiserver reads it: <paramref name="rawPath"/>, which must have passed <see cref="Problem"/>, percent-decoded.</summary>
    public static string Decode(string rawPath)
    {
        if (!rawPath.Contains('%')) return rawPath;
        return string.Create(rawPath.Length - 2 * rawPath.AsSpan().Count('%'), rawPath, static (decoded, raw) =>
        {
            var at = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] == '%' && TryHex(raw[i + 1], raw[i + 2], out var c))
                {
                    decoded[at++] = c;
                    i += 2;
                }
                else decoded[at++] = raw[i];
            }
        });
    }

    /// <summary>Visible ASCII: no space, no control character, nothing above 0x7E.</summary>
    private static bool IsPlain(char c) => c is > ' ' and < (char)0x7F;

    private static bool TryHex(char high, char low, out char value)
    {
        var h = HexValue(high);
        var l = HexValue(low);
        value = h >= 0 && l >= 0 ? (char)(h * 16 + l) : '\0';
        return h >= 0 && l >= 0;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
