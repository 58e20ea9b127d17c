namespace Paralus.Domain.Security;

/// <summary>The PBKDF2 check of <see cref="PasswordHasher"/>, which costs the same whether or not there is a hash.</summary>
public sealed class PasswordVerifier : IPasswordVerifier
{
    public bool Verify(string password, string? storedHash) => PasswordHasher.Verify(password, storedHash);
}
