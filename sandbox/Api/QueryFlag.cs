using Microsoft.Extensions.Primitives;

namespace Paralus.Sandbox.Api;

/// <summary>
/// Boolean query parameters read as the apiserver reads them (Go's <c>strconv.ParseBool</c>): "1", "t", "T", "true",
/// "True" and "TRUE" are true, so the Python client's <c>watch=True</c> and <c>follow=True</c> work.
/// </summary>
internal static class QueryFlag
{
    public static bool IsTrue(StringValues value) => value.Count > 0 && value[0] is "1" or "t" or "T" or "true" or "True" or "TRUE";

    /// <summary>
    /// <c>watch</c> as the apiserver's RequestInfo reads it when it picks the verb: present and not "false" or "0" in
    /// any case, even when empty.
    /// </summary>
    public static bool IsWatch(StringValues value) =>
        value.Count > 0 && !string.Equals(value[0], "false", StringComparison.OrdinalIgnoreCase) && value[0] != "0";
}
