namespace Paralus.Infrastructure.Messaging;

/// <summary>What a consumer calls: once after every (re)subscription, so the owner can catch up on what it missed, and per message.</summary>
public interface IMessageHandler
{
    Task OnSubscribedAsync(CancellationToken cancellationToken);

    /// <summary>An exception counts as <see cref="MessageSettlement.Release"/> until the delivery count runs out, then as a reject.</summary>
    Task<MessageSettlement> HandleAsync(ReceivedMessage message, CancellationToken cancellationToken);
}
