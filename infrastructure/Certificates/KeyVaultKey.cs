using System.Security.Cryptography;

namespace Paralus.Infrastructure.Certificates;

/// <summary>One version of an EC P-256 key in Key Vault: only its public half ever leaves the vault.</summary>
internal sealed record KeyVaultKey(string Name, string Version, ECParameters PublicKey);
