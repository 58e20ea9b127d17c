using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.SignIn;

/// <summary>A device sign-in the client polls for, with the provider's device code (encrypted) and when it may next be asked.</summary>
internal sealed record PendingDeviceSignIn(string ProviderId, string ProtectedDeviceCode, int IntervalSeconds, DateTimeOffset NextPollAt) : ISignInRecord
{
    public static string Kind => "device";
}
