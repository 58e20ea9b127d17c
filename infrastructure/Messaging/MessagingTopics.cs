namespace Paralus.Infrastructure.Messaging;

/// <summary>Topic names; the same in Service Bus (topics) and in the local broker (exchanges). See infra/.</summary>
public static class MessagingTopics
{
    public const string AccessEvents = "access-events";
}
