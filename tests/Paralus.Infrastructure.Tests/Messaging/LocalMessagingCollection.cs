namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>One local broker for the messaging test classes, which run one after another (one of them stops and restarts it).</summary>
[CollectionDefinition(Name)]
public sealed class LocalMessagingCollection : ICollectionFixture<LocalBrokerFixture>
{
    public const string Name = "local messaging";
}
