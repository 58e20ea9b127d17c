namespace Paralus.Cli.Sso;

/// <summary>The saved session has ended and could not be renewed: only signing in again helps.</summary>
internal sealed class SignInExpiredException(string message) : Exception(message);
