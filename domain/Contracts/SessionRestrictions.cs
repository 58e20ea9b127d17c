using Paralus.Domain.Model;

namespace Paralus.Domain.Contracts;

/// <summary>How the API names a <see cref="SessionRestriction"/>: in a login's <c>restriction</c> and a refusal's <c>error</c>.</summary>
public static class SessionRestrictions
{
    public const string PasswordChange = "password_change";
    public const string SecondFactorEnrollment = "second_factor_enrollment";

    public static string Name(SessionRestriction restriction) => restriction switch
    {
        SessionRestriction.PasswordChange => PasswordChange,
        _ => SecondFactorEnrollment,
    };

    /// <summary>The name, or null for a session that is not restricted.</summary>
    public static string? NameOrNull(SessionRestriction? restriction) => restriction is { } reason ? Name(reason) : null;
}
