using System.Threading.Channels;
using Paralus.TunnelProtocol.Control;

namespace Paralus.Agent.Jit;

/// <summary>
/// Applies the relays' <c>reconcile</c> commands, one batch at a time and off the tunnel's control loop: an account
/// whose user has no access left is deleted with its bindings; an existing account whose access changed gets its
/// bindings rewritten at once. Relays send the same command each, so every step is idempotent.
/// </summary>
internal sealed partial class JitAccountReconciler(JitServiceAccounts accounts, JitAccessSpecs specs, ILogger<JitAccountReconciler> logger) : BackgroundService
{
    private readonly Channel<IReadOnlyList<JitAccountAccess>> _commands = Channel.CreateUnbounded<IReadOnlyList<JitAccountAccess>>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IReadOnlyList<JitAccountAccess> accounts) => _commands.Writer.TryWrite(accounts);

    /// <summary>The accounts to report in a <c>sync</c> after connecting to a relay.</summary>
    public async Task<IReadOnlyList<JitAccountAccess>> HeldAsync(CancellationToken cancellationToken) =>
        (await accounts.ListAsync(cancellationToken)).Select(a => new JitAccountAccess(a.Metadata.Name)).ToArray();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in _commands.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var account in batch)
            {
                try
                {
                    await ApplyAsync(account, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next sync (reconnect) or request reconciles it again.
                    LogFailed(logger, account.ServiceAccount, e.Message);
                }
            }
        }
    }

    private async Task ApplyAsync(JitAccountAccess account, CancellationToken cancellationToken)
    {
        if (account.Access is null || account.User is null)
        {
            await accounts.DeleteAsync(account.ServiceAccount, cancellationToken);
            return;
        }
        if (specs.For(account.User, account.Access) is not { } spec || spec.ServiceAccountName != account.ServiceAccount)
        {
            LogRefused(logger, account.ServiceAccount);
            return;
        }
        if (await accounts.UpdateIfPresentAsync(spec, cancellationToken)) LogUpdated(logger, account.ServiceAccount, spec.SpecVersion);
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Updated the bindings of {ServiceAccount} to spec {SpecVersion} ahead of its next request")]
    private static partial void LogUpdated(ILogger logger, string serviceAccount, string specVersion);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Ignored a reconcile of {ServiceAccount}: its user or access does not match")]
    private static partial void LogRefused(ILogger logger, string serviceAccount);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "Reconciling {ServiceAccount} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string serviceAccount, string reason);
}
