namespace Paralus.Functions.SignIn;

/// <summary>The provider could not be reached or answered nonsense: sign-in cannot go on, and it is not the person's fault.</summary>
internal sealed class IdentityProviderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
