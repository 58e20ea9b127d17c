using System.Text.RegularExpressions;

namespace Paralus.Infrastructure.Certificates;

/// <summary>A Key Vault's base address and the scope of the tokens it accepts.</summary>
internal sealed partial class KeyVaultEndpoint
{
    public const string Requirement =
        "Paralus:Certificates:KeyVaultUri must be a Key Vault's URI, https://NAME.vault.azure.net/ (or .vault.azure.cn, .vault.usgovcloudapi.net), without a port, path or query.";

    // Each cloud's vault DNS suffix; its vaults accept tokens for that suffix as a resource.
    private static readonly string[] VaultSuffixes = ["vault.azure.net", "vault.azure.cn", "vault.usgovcloudapi.net"];

    /// <summary>Production endpoints come from <see cref="TryParse"/>; tests point this at a loopback fake over http.</summary>
    internal KeyVaultEndpoint(Uri uri, string scope)
    {
        Uri = uri;
        Scope = scope;
    }

    /// <summary>Ends with a slash, so relative paths resolve below it.</summary>
    public Uri Uri { get; }

    public string Scope { get; }

    /// <summary>Null unless <paramref name="text"/> is an https vault URI of a known cloud: a token is only ever sent there.</summary>
    public static KeyVaultEndpoint? TryParse(string? text)
    {
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        var host = uri.IdnHost.ToLowerInvariant();
        foreach (var suffix in VaultSuffixes)
        {
            if (host.EndsWith("." + suffix, StringComparison.Ordinal) && VaultName().IsMatch(host[..^(suffix.Length + 1)]))
            {
                return new KeyVaultEndpoint(new Uri($"https://{host}/"), $"https://{suffix}/.default");
            }
        }

        return null;
    }

    public override string ToString() => Uri.ToString();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,22}[a-z0-9]$")]
    private static partial Regex VaultName();
}
