namespace Paralus.Infrastructure.Storage;

/// <summary>
/// Row-key layout of the directory table (partition = organization id). Kinds are prefixes, so one range
/// query lists a kind; names are lower-cased in index keys so uniqueness ignores case.
/// </summary>
internal static class RowKeys
{
    public const string Revision = EntityKinds.Meta + "|revision";
    public const string Settings = EntityKinds.Meta + "|settings";
    public const string Organization = EntityKinds.Meta + "|organization";

    public static string Entity(string kind, string id) => $"{kind}|{Escape(id)}";

    public static string NameIndex(string kind, string name) => $"name|{kind}|{Escape(name.ToLowerInvariant())}";

    public static string Membership(string groupId, string userId) => $"{EntityKinds.Membership}|{Escape(groupId)}|{Escape(userId)}";

    public static string ExternalIdentity(string issuer, string subject) =>
        $"extid|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(issuer)))[..16]}|{Escape(subject)}";

    public const string OutboxPrefix = "outbox|";

    /// <summary>Zero-padded, so rows sort by revision.</summary>
    public static string Outbox(long revision) => $"{OutboxPrefix}{revision:D19}";

    /// <summary>The id part of an entity row key (<c>kind|id</c>), unescaped.</summary>
    public static string EntityId(string rowKey) => Unescape(rowKey[(rowKey.IndexOf('|') + 1)..]);

    public static string Unescape(string value)
    {
        if (!value.Contains('%')) return value;
        var builder = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length)
            {
                builder.Append((char)Convert.ToInt32(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else builder.Append(value[i]);
        }
        return builder.ToString();
    }

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
