namespace Paralus.Domain.Policy;

/// <summary>Why a question was denied; <see cref="None"/> when it was allowed.</summary>
public enum DenialReason
{
    None,
    UnknownUser,
    UserDeactivated,
    NoGrant,
}
