namespace Paralus.Functions.Configuration;

/// <summary>The control plane's own settings (section <c>Paralus:ControlPlane</c>).</summary>
public sealed class ControlPlaneOptions
{
    public const string SectionName = "Paralus:ControlPlane";

    /// <summary>The organization this deployment serves, created on first start.</summary>
    public string OrganizationName { get; set; } = "paralus";

    /// <summary>The first administrator, created on first start with a random password.</summary>
    public string AdminUser { get; set; } = "admin@paralus.local";

    /// <summary>Where the first administrator's password is written (mode 0600).</summary>
    public string AdminPasswordFile { get; set; } = ".paralus/admin-password";

    /// <summary>
    /// Whether the client's address is the last <c>X-Forwarded-For</c> entry, taken only from a proxy on this machine
    /// (loopback). Null: yes when the Functions host starts the app, which forwards every request from loopback, so
    /// sign-in throttling, audit and the triggers' loopback check would otherwise see one address for everyone.
    /// </summary>
    public bool? ClientAddressFromForwardedFor { get; set; }

    /// <summary>
    /// Whether to serve the interactive API reference (Scalar) at <c>/scalar</c>; always on in Development. Meant for
    /// local runs, where the app is its own web server: the Functions host has no function routing to it.
    /// </summary>
    public bool ApiReference { get; set; }

    /// <summary>Largest accepted request body; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
