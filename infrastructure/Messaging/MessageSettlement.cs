namespace Paralus.Infrastructure.Messaging;

/// <summary>What a handler decided about a message: done, try again later, or never (dead-letter, with the reason).</summary>
public sealed record MessageSettlement
{
    private MessageSettlement(MessageSettlementKind kind, string? reason)
    {
        Kind = kind;
        Reason = reason;
    }

    public MessageSettlementKind Kind { get; }

    /// <summary>Why a message was rejected; goes with it to the dead-letter queue.</summary>
    public string? Reason { get; }

    public static MessageSettlement Accept { get; } = new(MessageSettlementKind.Accept, null);

    public static MessageSettlement Release { get; } = new(MessageSettlementKind.Release, null);

    public static MessageSettlement Reject(string reason) => new(MessageSettlementKind.Reject, reason);
}

public enum MessageSettlementKind
{
    Accept,
    Release,
    Reject,
}
