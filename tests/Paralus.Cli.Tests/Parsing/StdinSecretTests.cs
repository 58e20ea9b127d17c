using Paralus.Cli.Parsing;

namespace Paralus.Cli.Tests.Parsing;

public sealed class StdinSecretTests
{
    [Theory]
    [InlineData("s3cret\n", "s3cret")]
    [InlineData("s3cret\r\n", "s3cret")]
    [InlineData("s3cret", "s3cret")]
    [InlineData(" spaced pass \n", " spaced pass ")]
    public void Read_RemovesOnlyTheLineEnding(string stdin, string expected) =>
        Assert.Equal(expected, StdinSecret.Read(new StringReader(stdin), "--password-stdin"));

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Read_Nothing_IsAUsageErrorNamingTheFlag(string stdin)
    {
        var error = Assert.Throws<CliUsageException>(() => StdinSecret.Read(new StringReader(stdin), "--password-stdin"));

        Assert.Contains("--password-stdin", error.Message);
    }
}
