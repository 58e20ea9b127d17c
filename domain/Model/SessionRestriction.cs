namespace Paralus.Domain.Model;

/// <summary>
/// Why a local sign-in gets a session that may only secure its own account (change the password, add an authenticator,
/// ask who it is) and nothing else, until the reason is dealt with.
/// </summary>
public enum SessionRestriction
{
    /// <summary>The password was generated (the first administrator's) and must be replaced.</summary>
    PasswordChange,

    /// <summary>The organization requires a second factor for administrative roles, and the account has none yet.</summary>
    SecondFactorEnrollment,
}
