using Paralus.Cli.Parsing;

namespace Paralus.Cli.Tests.Parsing;

public sealed class TimeBoundTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30s", "2026-11-22T11:59:30Z")]
    [InlineData("15m", "2026-11-22T11:45:00Z")]
    [InlineData("1h", "2026-11-22T11:00:00Z")]
    [InlineData("7d", "2026-11-15T12:00:00Z")]
    [InlineData("2026-11-01T08:00:00Z", "2026-11-01T08:00:00Z")]
    [InlineData("2026-11-01T10:00:00+02:00", "2026-11-01T08:00:00Z")]
    [InlineData("2026-11-01", "2026-11-01T00:00:00Z")]
    public void Parse_DurationOrTime_GivesRfc3339Utc(string text, string expected) =>
        Assert.Equal(expected, TimeBound.ToRfc3339(TimeBound.Parse("--since", text, Now)));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("1w")]
    [InlineData("2026-11-31")]
    [InlineData("01/11/2026")]
    public void Parse_Invalid_NamesTheOptionAndTheAcceptedForms(string text)
    {
        var error = Assert.Throws<CliUsageException>(() => TimeBound.Parse("--since", text, Now));

        Assert.Contains("--since", error.Message);
        Assert.Contains("30s, 15m, 1h or 7d", error.Message);
    }
}
