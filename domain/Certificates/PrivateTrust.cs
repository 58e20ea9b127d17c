using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paralus.Domain.Certificates;

/// <summary>
/// Trust anchored in Paralus's own CAs (or a cluster's), never the machine's store: the one place that builds such a
/// chain and loads such a CA from its PEM file.
/// </summary>
public static class PrivateTrust
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="roots"/>, valid at <paramref name="at"/> (now when null).</summary>
    public static bool ChainsTo(X509Certificate certificate, IEnumerable<X509Certificate2> roots, DateTimeOffset? at = null, bool forClientAuthentication = false)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (at is { } time) chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        if (forClientAuthentication) chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (certificate is X509Certificate2 typed) return chain.Build(typed);
        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(loaded);
    }

    /// <summary>The public certificate in a PEM file (a CA to trust).</summary>
    public static X509Certificate2 LoadPem(string path) =>
        X509CertificateLoader.LoadCertificate(X509Certificate2.CreateFromPem(File.ReadAllText(path)).RawData);
}
