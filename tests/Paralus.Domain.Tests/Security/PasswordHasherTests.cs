using System.Diagnostics;
using Paralus.Domain.Security;

namespace Paralus.Domain.Tests.Security;

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

    /// <summary>
    /// Issue 14 item 4: without a stored hash the check must cost a full hash, or unknown users are told apart by time.
    /// The two costs differ by three orders of magnitude when it does not, so a ratio of medians is a safe bound.
    /// </summary>
    [Fact]
    public void Verify_WithoutAStoredHash_CostsAboutAsMuchAsAWrongPassword()
    {
        var stored = PasswordHasher.Hash("correct horse battery staple");
        PasswordHasher.Verify("warm-up", null);

        var withHash = MedianTicks(() => PasswordHasher.Verify("wrong password", stored));
        var withoutHash = MedianTicks(() => PasswordHasher.Verify("wrong password", null));

        Assert.True(withoutHash * 4 > withHash, $"no hash took {withoutHash} ticks, a wrong password {withHash}");
    }

    private static long MedianTicks(Func<bool> check)
    {
        var ticks = new long[5];
        for (var i = 0; i < ticks.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.False(check());
            ticks[i] = Stopwatch.GetTimestamp() - started;
        }

        Array.Sort(ticks);
        return ticks[ticks.Length / 2];
    }

    [Theory]
    [InlineData("short", false)]
    [InlineData("eight-ch", true)]
    public void CheckStrength_RequiresEightCharacters(string password, bool acceptable) =>
        Assert.Equal(acceptable, PasswordHasher.CheckStrength(password) is null);
}
