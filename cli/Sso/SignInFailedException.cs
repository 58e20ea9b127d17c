namespace Paralus.Cli.Sso;

/// <summary>A company sign-in did not end with a session; the message says why and what to run.</summary>
internal sealed class SignInFailedException(string message) : Exception(message);
