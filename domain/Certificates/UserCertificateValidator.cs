using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Caching;
using Paralus.Domain.Model;

namespace Paralus.Domain.Certificates;

/// <summary>
/// Decides whether a client certificate presented to the relay still stands for its user: issued by the user
/// authority, within its validity, meant for client authentication, its user known and active, and issued after the
/// user's <see cref="User.CredentialsRevokedBefore"/>. Pure apart from the clock; the caller looks the user up
/// by the id in <see cref="UserCertificateIdentity"/> and passes null when there is none; the id and the name must
/// both match.
/// </summary>
public sealed class UserCertificateValidator(X509Certificate2 userAuthority, TimeProvider time)
{
    // Building a chain costs far more than the rest of a request's checks, and its answer for one certificate never
    // changes (validity times are judged apart): once per certificate, not once per kubectl request.
    private readonly BoundedCache<string, (bool Chains, string Problem)> _chains = new(maxEntries: 10_000, StringComparer.Ordinal);

    /// <param name="certificate">The leaf the client presented.</param>
    /// <param name="presentedChain">Any further certificates the client sent; never trusted, only used to build a path.</param>
    /// <param name="user">The user the certificate names, or null when there is no such user.</param>
    public UserCertificateCheck Validate(X509Certificate2 certificate, X509Certificate2Collection? presentedChain, User? user)
    {
        var now = time.GetUtcNow();
        var (chains, chainProblem) = presentedChain is { Count: > 0 }
            ? (ChainsToAuthority(certificate, presentedChain, now, out var withPresented), withPresented)
            : _chains.GetOrAdd(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
                _ => (ChainsToAuthority(certificate, null, now, out var problem), problem));
        if (!chains)
        {
            return UserCertificateCheck.Refuse(UserCertificateFailure.WrongAuthority, $"the certificate was not issued by {userAuthority.Subject}: {chainProblem}.");
        }

        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore) return UserCertificateCheck.Refuse(UserCertificateFailure.NotYetValid, $"the certificate is not valid before {notBefore:u}.");
        if (now > notAfter) return UserCertificateCheck.Refuse(UserCertificateFailure.Expired, $"the certificate expired at {notAfter:u}; get a new kubeconfig.");

        if (!IsClientCertificate(certificate))
        {
            return UserCertificateCheck.Refuse(UserCertificateFailure.NotClientCertificate, "the certificate is not a client-authentication certificate.");
        }

        var identity = UserCertificateIdentity.From(certificate);
        if (user is null || identity is null || identity.UserId != user.Id || !string.Equals(identity.UserName, user.Name, StringComparison.OrdinalIgnoreCase))
        {
            return UserCertificateCheck.Refuse(UserCertificateFailure.UnknownUser, $"the certificate's user '{identity?.UserName ?? "?"}' does not exist.");
        }

        if (!user.Active) return UserCertificateCheck.Refuse(UserCertificateFailure.UserDeactivated, $"user '{user.Name}' is deactivated.");
        if (user.CredentialsRevokedBefore is { } revoked && CertificateIssueTime.Of(certificate) < revoked)
        {
            return UserCertificateCheck.Refuse(UserCertificateFailure.Revoked, $"the certificate was issued before user '{user.Name}''s credentials were revoked at {revoked:u}; get a new kubeconfig.");
        }

        return UserCertificateCheck.Valid;
    }

    /// <summary>Trust comes from the user authority alone, not the machine's store; times are judged separately, with their own reasons.</summary>
    private bool ChainsToAuthority(X509Certificate2 certificate, X509Certificate2Collection? presentedChain, DateTimeOffset now, out string problem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(userAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (presentedChain is not null) chain.ChainPolicy.ExtraStore.AddRange(presentedChain);
        try
        {
            var built = chain.Build(certificate);
            var root = chain.ChainElements[^1].Certificate;
            if (built && root.RawDataMemory.Span.SequenceEqual(userAuthority.RawDataMemory.Span))
            {
                problem = "";
                return true;
            }

            problem = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("no path to it"));
            return false;
        }
        finally
        {
            foreach (var element in chain.ChainElements) element.Certificate.Dispose();
        }
    }

    private static bool IsClientCertificate(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority)) return false;
        return certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault() is { } usages
            && usages.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == CertificateOids.ClientAuth);
    }
}
