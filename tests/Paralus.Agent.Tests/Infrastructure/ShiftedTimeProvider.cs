namespace Paralus.Agent.Tests.Infrastructure;

/// <summary>The system clock moved forward by a settable amount: lets a control plane and an agent live weeks ahead together.</summary>
internal sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}
