using Paralus.Domain.Security;

namespace Paralus.Functions.SignIn;

/// <summary>An ID token's verdict: the identity it proves, or why it proves nothing (said to the person and logged).</summary>
internal sealed record IdTokenCheck(ValidatedIdentity? Identity, string? Refusal)
{
    public static IdTokenCheck Valid(ValidatedIdentity identity) => new(identity, null);

    public static IdTokenCheck Refused(string reason) => new(null, reason);
}
