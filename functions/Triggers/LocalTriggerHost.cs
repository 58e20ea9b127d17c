namespace Paralus.Functions.Triggers;

/// <summary>
/// Outside the Functions host (local runs, tests) nobody fires timer functions, so this hosted service does, through
/// the same handler the host would invoke.
/// </summary>
internal sealed partial class LocalTriggerHost(AuditRetentionTrigger auditRetention, TimeProvider time, ILogger<LocalTriggerHost> logger) : BackgroundService
{
    private static readonly TimeSpan AuditRetentionPeriod = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(AuditRetentionPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                LogRan(logger, AuditRetentionTrigger.FunctionName, await auditRetention.RunAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, AuditRetentionTrigger.FunctionName, e);
            }
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Timer function {Function}: {Result}")]
    private static partial void LogRan(ILogger logger, string function, string result);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Timer function {Function} failed")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);
}
