using Paralus.Cli.Output;

namespace Paralus.Cli.Tests.Output;

public sealed class ListSummaryTests
{
    [Fact]
    public void Of_Empty_IsNone() => Assert.Equal("<none>", ListSummary.Of([]));

    [Fact]
    public void Of_Few_JoinsAll() => Assert.Equal("a,b,c", ListSummary.Of(["a", "b", "c"]));

    [Fact]
    public void Of_Many_CountsTheRest() => Assert.Equal("a,b,c +2 more", ListSummary.Of(["a", "b", "c", "d", "e"]));
}
