using Paralus.Cli.Parsing;

namespace Paralus.Cli.Tests.Parsing;

public sealed class LabelsTests
{
    [Fact]
    public void Parse_RepeatedAndCommaSeparated_AllCount()
    {
        var labels = Labels.Parse(["env=prod", "team=a,tier=web", "empty="]);

        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "a", ["tier"] = "web", ["empty"] = "" }, labels);
    }

    [Fact]
    public void Parse_None_IsNull() => Assert.Null(Labels.Parse(null));

    [Theory]
    [InlineData("env")]
    [InlineData("=prod")]
    public void Parse_WithoutKey_IsAUsageError(string label) => Assert.Throws<CliUsageException>(() => Labels.Parse([label]));
}
