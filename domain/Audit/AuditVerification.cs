namespace Paralus.Domain.Audit;

/// <summary>What <c>paralus audit verify</c> found over a range of days: nothing, when no stored record was touched.</summary>
public sealed record AuditVerification(DateOnly From, DateOnly To, long Segments, long Records, IReadOnlyList<AuditFinding> Findings)
{
    public bool Intact => Findings.Count == 0;
}

/// <summary>
/// One thing wrong with a stored audit log (<see cref="Log"/>, one of <see cref="AuditLogs"/>): <see cref="Kind"/> is
/// one of <see cref="AuditFindingKinds"/>, <see cref="Where"/> the partition and row, <see cref="EventIds"/> the
/// records concerned when they are known.
/// </summary>
public sealed record AuditFinding(string Log, DateOnly Day, string Kind, string Where, IReadOnlyList<string> EventIds, string Detail);

public static class AuditFindingKinds
{
    public const string Changed = "changed";
    public const string Removed = "removed";
    public const string Inserted = "inserted";
}
