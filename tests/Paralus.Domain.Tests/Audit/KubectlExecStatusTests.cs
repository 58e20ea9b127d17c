using System.Text;
using Paralus.Domain.Audit;

namespace Paralus.Domain.Tests.Audit;

/// <summary>The exit code of an exec, read from the Status the apiserver sends on the error channel.</summary>
public sealed class KubectlExecStatusTests
{
    [Theory]
    [InlineData("""{"metadata":{},"status":"Success"}""", 0)]
    [InlineData("""{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: exit status 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}""", 3)]
    [InlineData("""{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"Other","message":"x"},{"reason":"ExitCode","message":"137"}]}}""", 137)]
    public void AStatusWithAnExitCode_GivesIt(string status, int expected) =>
        Assert.Equal(expected, KubectlExecStatus.ExitCode(Encoding.UTF8.GetBytes(status)));

    [Theory]
    [InlineData("""{"status":"Failure","reason":"InternalError","message":"container not found"}""")]
    [InlineData("""{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"three"}]}}""")]
    [InlineData("""{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":"ExitCode"}}""")]
    [InlineData("""["Success"]""")]
    [InlineData("error: exec failed")]
    [InlineData("""{"status":"Succ""")]
    [InlineData("")]
    public void AnythingElse_GivesNoExitCode(string status) => Assert.Null(KubectlExecStatus.ExitCode(Encoding.UTF8.GetBytes(status)));
}
