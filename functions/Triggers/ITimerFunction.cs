namespace Paralus.Functions.Triggers;

/// <summary>
/// A timer-triggered function: the Functions host invokes it on the schedule in its <c>function.json</c>; outside the
/// host <see cref="LocalTriggerHost"/> runs it every <see cref="LocalPeriod"/>.
/// </summary>
internal interface ITimerFunction
{
    string Name { get; }

    TimeSpan LocalPeriod { get; }

    /// <summary>What it did, for the host's invocation log.</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}
