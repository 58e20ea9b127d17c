namespace Paralus.Domain.Security;

/// <summary>Checks a sign-in password against a stored hash (null when the user has none); a seam so tests can count the checks.</summary>
public interface IPasswordVerifier
{
    bool Verify(string password, string? storedHash);
}
