namespace Paralus.Infrastructure.Certificates;

/// <summary>
/// One version of a Key Vault secret with its tags. A class, not a record, so that no generated <c>ToString</c> ever
/// prints a value into a log.
/// </summary>
internal sealed class KeyVaultSecret(string version, string value, IReadOnlyDictionary<string, string> tags)
{
    public string Version { get; } = version;

    public string Value { get; } = value;

    public IReadOnlyDictionary<string, string> Tags { get; } = tags;
}
