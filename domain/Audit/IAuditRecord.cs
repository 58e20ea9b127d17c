namespace Paralus.Domain.Audit;

/// <summary>What every audit record has: an id that decides where it is stored, and the time it happened.</summary>
public interface IAuditRecord
{
    string Id { get; }

    DateTimeOffset Time { get; }
}
