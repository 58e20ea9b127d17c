namespace Paralus.Infrastructure.Storage;

/// <summary>Told after a commit put access events in an organization's outbox, so a dispatcher can publish them at once.</summary>
public interface IOutboxObserver
{
    void OnOutboxWritten(string organizationId);
}
