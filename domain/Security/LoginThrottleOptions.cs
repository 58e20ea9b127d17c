namespace Paralus.Domain.Security;

/// <summary>
/// When <see cref="LoginThrottle"/> makes sign-ins wait. Locks grow from <see cref="FirstLockout"/>, doubling with
/// each further failure, and never exceed <see cref="MaxLockout"/>, so nobody can lock an account for good.
/// </summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "Paralus:Auth:LoginThrottle";

    /// <summary>Failed sign-ins to one user name (existing or not) before it is locked.</summary>
    public int AccountFailureLimit { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address, to any user names, before the address is locked.</summary>
    public int AddressFailureLimit { get; set; } = 20;

    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this, counted from the last one, are forgotten.</summary>
    public TimeSpan ForgetFailuresAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an address that signed in to an account stays exempt from that account's lock.</summary>
    public TimeSpan TrustAddressFor { get; set; } = TimeSpan.FromDays(30);
}
