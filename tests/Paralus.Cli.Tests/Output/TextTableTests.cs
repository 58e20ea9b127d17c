using Paralus.Cli.Output;

namespace Paralus.Cli.Tests.Output;

public sealed class TextTableTests
{
    [Fact]
    public void WriteTo_PadsEachColumnToItsWidestCellPlusThree_LastColumnUnpadded()
    {
        var table = new TextTable(["NAME", "SCOPE", "PERMISSIONS"]);
        table.AddRow(["PROJECT_ADMIN", "project", "cluster.read"]);
        table.AddRow(["x", "organization", ""]);
        using var writer = new StringWriter();

        table.WriteTo(writer);

        Assert.Equal(
            "NAME            SCOPE          PERMISSIONS\n" +
            "PROJECT_ADMIN   project        cluster.read\n" +
            "x               organization\n",
            writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AddRow_WrongCellCount_Throws() =>
        Assert.Throws<ArgumentException>(() => new TextTable(["A", "B"]).AddRow(["only one"]));
}
