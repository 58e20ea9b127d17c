using Paralus.Core.Security;

namespace Paralus.Core.Tests.Security;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_VerifiesOnlyTheSamePassword_AndIsSalted()
    {
        var first = PasswordHasher.Hash("correct horse battery staple");
        var second = PasswordHasher.Hash("correct horse battery staple");

        Assert.True(PasswordHasher.Verify("correct horse battery staple", first));
        Assert.False(PasswordHasher.Verify("correct horse battery stapl", first));
        Assert.NotEqual(first, second);
        Assert.StartsWith("pbkdf2-sha256$100000$", first);
        Assert.DoesNotContain("correct", first);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$abc$salt$hash")]
    [InlineData("md5$1$x$y")]
    public void Verify_RefusesMalformedHashes(string? stored) => Assert.False(PasswordHasher.Verify("plain-text-password", stored));

    [Theory]
    [InlineData("short", false)]
    [InlineData("eight-ch", true)]
    public void CheckStrength_RequiresEightCharacters(string password, bool acceptable) =>
        Assert.Equal(acceptable, PasswordHasher.CheckStrength(password) is null);
}
