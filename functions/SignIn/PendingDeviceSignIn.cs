using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.SignIn;

/// <summary>
/// A device sign-in the client polls for, with the provider's device code (encrypted), when it may next be asked, and
/// when the provider's code expires (polling never extends it).
/// </summary>
internal sealed record PendingDeviceSignIn(string ProviderId, string ProtectedDeviceCode, int IntervalSeconds, DateTimeOffset NextPollAt, DateTimeOffset ExpiresAt) : ISignInRecord
{
    public static string Kind => "device";
}
