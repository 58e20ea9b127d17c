using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>
/// <c>limit</c> and <c>continue</c> for lists. Lists come sorted by namespace and name, so the
/// continue token is simply the last key returned; later pages see the store as it is then
/// (no consistent snapshot across pages, unlike etcd).
/// </summary>
internal static class ListPage
{
    public static (List<JsonObject> Page, string? Continue, long Remaining) Take(List<JsonObject> items, StringValues limitText, StringValues continueText)
    {
        var start = 0;
        if (!StringValues.IsNullOrEmpty(continueText))
        {
            string after;
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(continueText.ToString()));
            }
            catch (FormatException)
            {
                throw StatusException.BadRequest("continue key is not valid: illegal base64 data");
            }
            start = items.FindIndex(i => string.CompareOrdinal(Key(i), after) > 0);
            if (start < 0) start = items.Count;
        }
        var limit = int.TryParse(limitText, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : int.MaxValue;
        var page = items.Skip(start).Take(limit).ToList();
        var remaining = items.Count - start - page.Count;
        return remaining > 0
            ? (page, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Key(page[^1]))), remaining)
            : (page, null, 0);
    }

    private static string Key(JsonObject obj) => Meta.Namespace(obj) + "/" + Meta.Name(obj);
}
