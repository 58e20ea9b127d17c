using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using Paralus.Infrastructure.Certificates;

namespace Paralus.Infrastructure.Tests.Certificates;

public sealed class KeyVaultSignatureGeneratorTests
{
    [Fact]
    public void ToDer_TurnsTheVaultsRAndSIntoDerThatVerifies_IncludingCoordinatesWithLeadingZeros()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leadingZeros = 0;
        for (var i = 0; i < 2000; i++)
        {
            var digest = SHA256.HashData(BitConverter.GetBytes(i));
            var raw = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

            var der = KeyVaultSignatureGenerator.ToDer(raw);

            Assert.True(key.VerifyHash(digest, der, DSASignatureFormat.Rfc3279DerSequence));
            var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            Assert.Equal(new BigInteger(raw.AsSpan(0, 32), isUnsigned: true, isBigEndian: true), sequence.ReadInteger());
            Assert.Equal(new BigInteger(raw.AsSpan(32), isUnsigned: true, isBigEndian: true), sequence.ReadInteger());
            if (raw[0] == 0 || raw[32] == 0) leadingZeros++;
        }

        // About 16 expected; none in 2000 would mean the interesting case went untested.
        Assert.True(leadingZeros > 0);
    }
}
