namespace Paralus.Functions.SignIn;

/// <summary>Why a sign-in step failed: an OAuth error code (SsoErrors) for clients, a sentence for people, and the HTTP status.</summary>
internal sealed record SignInFailure(string Error, string Detail, int Status = StatusCodes.Status400BadRequest);
