using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Coordination;

namespace Paralus.Functions.Triggers;

/// <summary>
/// Timer function "outbox-dispatch": the safety net behind <see cref="Coordination.OutboxDispatcher"/>. Publishes
/// access events still in the outbox, e.g. because the instance that wrote them stopped before it could.
/// </summary>
internal sealed class OutboxDispatchTrigger(AccessEventOutbox outbox, ServedOrganization organization) : ITimerFunction
{
    public const string FunctionName = "outbox-dispatch";

    public string Name => FunctionName;

    public TimeSpan LocalPeriod => TimeSpan.FromMinutes(1);

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        if (!organization.IsReady) return "the organization is not bootstrapped yet";
        var published = await outbox.DispatchAsync(organization.Id, cancellationToken);
        return $"published {published} access events";
    }
}
