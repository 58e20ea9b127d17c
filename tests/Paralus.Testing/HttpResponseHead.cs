using System.Text;

namespace Paralus.Testing;

/// <summary>The head of an HTTP/1.1 response written straight on a stream, for clients that upgrade it themselves.</summary>
public static class HttpResponseHead
{
    /// <summary>Reads up to the blank line a byte at a time, so nothing after it (an upgraded stream's first bytes) is taken.</summary>
    public static async Task<string> ReadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0) break;
            head.Append((char)one[0]);
        }
        return head.ToString();
    }
}
