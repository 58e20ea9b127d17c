namespace Paralus.Core.Certificates;

/// <summary>Where the certificate authorities are kept (section <c>Paralus:Certificates</c>).</summary>
public sealed class CertificateAuthorityOptions
{
    public const string SectionName = "Paralus:Certificates";

    /// <summary>Folder of the file store: <c>NAME-ca.crt</c> and <c>NAME-ca.key</c> (mode 0600) per authority.</summary>
    public string Folder { get; set; } = ".paralus/ca";
}
