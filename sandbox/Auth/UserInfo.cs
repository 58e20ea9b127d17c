namespace Paralus.Sandbox.Auth;

/// <summary>Who is asking, after authentication and impersonation.</summary>
internal sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups)
{
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    public static readonly UserInfo Anonymous = new("system:anonymous", "", ["system:unauthenticated"]);

    public static UserInfo Admin { get; } = new("admin", "", ["system:masters", "system:authenticated"]);

    public static UserInfo ServiceAccount(string ns, string name, string uid) =>
        new($"{ServiceAccountPrefix}{ns}:{name}", uid, ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]);

    public static bool TryParseServiceAccount(string userName, out string ns, out string name)
    {
        ns = name = "";
        if (!userName.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal)) return false;
        var parts = userName[ServiceAccountPrefix.Length..].Split(':');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0) return false;
        (ns, name) = (parts[0], parts[1]);
        return true;
    }
}
