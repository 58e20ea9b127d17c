namespace Paralus.Domain.Audit;

/// <summary>What <c>paralus audit verify</c> found over a range of days: nothing, when no stored record was touched.</summary>
public sealed record KubectlAuditVerification(DateOnly From, DateOnly To, long Segments, long Records, IReadOnlyList<KubectlAuditFinding> Findings)
{
    public bool Intact => Findings.Count == 0;
}

/// <summary>
/// One thing wrong with the stored audit: <see cref="Kind"/> is one of <see cref="KubectlAuditFindingKinds"/>,
/// <see cref="Where"/> the partition and row, <see cref="EventIds"/> the records concerned when they are known.
/// </summary>
public sealed record KubectlAuditFinding(DateOnly Day, string Kind, string Where, IReadOnlyList<string> EventIds, string Detail);

public static class KubectlAuditFindingKinds
{
    public const string Changed = "changed";
    public const string Removed = "removed";
    public const string Inserted = "inserted";
}
