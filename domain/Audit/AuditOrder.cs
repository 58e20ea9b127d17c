namespace Paralus.Domain.Audit;

/// <summary>The order audit records are listed in: newest first, and by id among records of the same instant, so a page boundary is exact.</summary>
public sealed class AuditOrder : IComparer<IAuditRecord>
{
    public static readonly AuditOrder NewestFirst = new();

    private AuditOrder()
    {
    }

    public int Compare(IAuditRecord? x, IAuditRecord? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        _ => Before(x.Time, x.Id, y.Time, y.Id) ? -1 : Before(y.Time, y.Id, x.Time, x.Id) ? 1 : 0,
    };

    /// <summary>Whether the record (time, id) is listed before (otherTime, otherId).</summary>
    public static bool Before(DateTimeOffset time, string id, DateTimeOffset otherTime, string otherId) =>
        time > otherTime || (time == otherTime && string.CompareOrdinal(id, otherId) > 0);
}
