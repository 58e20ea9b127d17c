using Microsoft.Extensions.Logging;
using Paralus.Infrastructure.Messaging;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Coordination;

/// <summary>
/// Access events wait in the directory partition (rows <c>outbox|REVISION</c>, written in the same transaction as
/// their change) until they are published; then their row is deleted. A process that dies between the commit and the
/// publish loses nothing: the next dispatch (after the next write, or the timer function) sends what is left.
/// Publishing twice is harmless; consumers go by revision.
/// </summary>
public sealed partial class AccessEventOutbox(DirectoryRepository repository, IMessagePublisher publisher, ILogger<AccessEventOutbox> logger)
{
    /// <summary>Publishes every pending event of the organization, oldest first; stops at the first failure (it throws).</summary>
    /// <returns>How many were published.</returns>
    public async Task<int> DispatchAsync(string organizationId, CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var accessEvent in await repository.ReadOutboxAsync(organizationId, cancellationToken))
        {
            await publisher.PublishAsync(MessagingTopics.AccessEvents, AccessEventMessage.ToMessage(accessEvent), cancellationToken);
            await repository.DeleteFromOutboxAsync(accessEvent, cancellationToken);
            LogPublished(logger, accessEvent.Type, accessEvent.Revision, accessEvent.Changes.Count);
            published++;
        }
        return published;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Published access event {Type} at revision {Revision} ({Changes} changes)")]
    private static partial void LogPublished(ILogger logger, string type, long revision, int changes);
}
