using Paralus.Domain.Security;

namespace Paralus.Functions.SignIn;

/// <summary>
/// An ID token's verdict: the identity it proves, or why it proves nothing (said to the person and logged).
/// <see cref="GroupsOverage"/>: an Entra token whose groups did not fit; the identity's groups must be read from Graph.
/// </summary>
internal sealed record IdTokenCheck(ValidatedIdentity? Identity, string? Refusal, bool GroupsOverage = false)
{
    public static IdTokenCheck Valid(ValidatedIdentity identity, bool groupsOverage = false) => new(identity, null, groupsOverage);

    public static IdTokenCheck Refused(string reason) => new(null, reason);
}
