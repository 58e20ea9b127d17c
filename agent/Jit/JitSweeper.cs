using Microsoft.Extensions.Options;

namespace Paralus.Agent.Jit;

/// <summary>Deletes JIT service accounts (and their bindings) whose user has not sent a request for longer than the inactivity timeout.</summary>
internal sealed partial class JitSweeper(JitServiceAccounts accounts, IOptions<JitOptions> options, TimeProvider time, ILogger<JitSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e.Message);
            }
        }
    }

    private long _organizationTimeoutTicks;

    /// <summary>The organization's timeout as a relay reported it; it overrides the configured one from then on.</summary>
    public TimeSpan InactivityTimeout
    {
        get => Interlocked.Read(ref _organizationTimeoutTicks) is > 0 and var ticks ? TimeSpan.FromTicks(ticks) : options.Value.InactivityTimeout;
        set => Interlocked.Exchange(ref _organizationTimeoutTicks, value.Ticks);
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = (time.GetUtcNow() - InactivityTimeout).ToUnixTimeSeconds();
        var swept = 0;
        foreach (var account in await accounts.ListAsync(cancellationToken))
        {
            var labels = account.Metadata.Labels ?? new Dictionary<string, string>();
            if (!labels.TryGetValue(JitLabels.LastUsed, out var lastUsed) || !long.TryParse(lastUsed, out var seconds) || seconds >= cutoff) continue;
            await accounts.DeleteAsync(account.Metadata.Name, cancellationToken);
            LogSwept(logger, account.Metadata.Name);
            swept++;
        }
        return swept;
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Deleted idle JIT service account {ServiceAccount}")]
    private static partial void LogSwept(ILogger logger, string serviceAccount);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Sweeping JIT service accounts failed: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
