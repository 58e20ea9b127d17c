namespace Paralus.Functions.Triggers;

/// <summary>
/// Outside the Functions host (local runs, tests) nobody fires timer functions, so this hosted service does, through
/// the same handler the host would invoke.
/// </summary>
internal sealed partial class LocalTriggerHost(IEnumerable<ITimerFunction> functions, TimeProvider time, ILogger<LocalTriggerHost> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Select(function => RunOnScheduleAsync(function, stoppingToken)));

    private async Task RunOnScheduleAsync(ITimerFunction function, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(function.LocalPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var result = await function.RunAsync(stoppingToken);
                    LogRan(logger, function.Name, result);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, function.Name, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Timer function {Function}: {Result}")]
    private static partial void LogRan(ILogger logger, string function, string result);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Timer function {Function} failed")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);
}
