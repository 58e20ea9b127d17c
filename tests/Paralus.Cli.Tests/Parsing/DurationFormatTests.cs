using Paralus.Cli.Parsing;

namespace Paralus.Cli.Tests.Parsing;

public sealed class DurationFormatTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3_600)]
    [InlineData("8h", 28_800)]
    [InlineData("7d", 604_800)]
    [InlineData("90d", 7_776_000)]
    [InlineData("1h30m", 5_400)]
    [InlineData("0s", 0)]
    public void TryParse_Valid(string text, long seconds)
    {
        Assert.True(DurationFormat.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("h")]
    [InlineData("1x")]
    [InlineData("-1h")]
    [InlineData("1.5h")]
    [InlineData("1 h")]
    [InlineData("90days")]
    [InlineData("99999999999999999999d")]
    public void TryParse_Invalid(string text) => Assert.False(DurationFormat.TryParse(text, out _));

    [Theory]
    [InlineData(28_800, "8h")]
    [InlineData(7_776_000, "90d")]
    [InlineData(5_400, "90m")]
    [InlineData(45, "45s")]
    [InlineData(0, "0s")]
    public void Format_UsesTheLargestEvenUnit(long seconds, string expected) => Assert.Equal(expected, DurationFormat.Format(seconds));
}
