namespace Paralus.Core.Storage;

/// <summary>
/// Row-key layout of the directory table (partition = organization id). Kinds are prefixes, so one range
/// query lists a kind; names are lower-cased in index keys so uniqueness ignores case.
/// </summary>
internal static class RowKeys
{
    public const string Revision = "meta|revision";
    public const string Settings = "meta|settings";
    public const string Organization = "meta|organization";

    public static string Entity(string kind, string id) => $"{kind}|{Escape(id)}";

    public static string NameIndex(string kind, string name) => $"name|{kind}|{Escape(name.ToLowerInvariant())}";

    public static string Membership(string groupId, string userId) => $"member|{Escape(groupId)}|{Escape(userId)}";

    public static string ExternalIdentity(string issuer, string subject) =>
        $"extid|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(issuer)))[..16]}|{Escape(subject)}";

    /// <summary>Table keys may not contain / \ # ? or control characters.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("/\\#?%") < 0 && !value.Any(char.IsControl)) return value;
        var builder = new System.Text.StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c)) builder.Append('%').Append(((int)c).ToString("X2"));
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
