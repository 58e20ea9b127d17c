using Paralus.Cli.Output;

namespace Paralus.Cli.Tests.Output;

public sealed class AgeTests
{
    [Theory]
    [InlineData(5, "5s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(3 * 60 + 20, "3m")]
    [InlineData(59 * 60 + 59, "59m")]
    [InlineData(2 * 3600, "2h")]
    [InlineData(23 * 3600 + 59 * 60, "23h")]
    [InlineData(4 * 86_400 + 3600, "4d")]
    [InlineData(364 * 86_400, "364d")]
    [InlineData(800 * 86_400, "2y")]
    [InlineData(-0.5, "0s")]
    [InlineData(-120, "<invalid>")]
    public void Format_LikeKubectl(double seconds, string expected) => Assert.Equal(expected, Age.Format(TimeSpan.FromSeconds(seconds)));
}
