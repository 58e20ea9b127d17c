using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

public sealed class MessagingOptionsValidatorTests
{
    [Fact]
    public void None_NeedsNothing() => Assert.True(Validate(new()).Succeeded);

    [Fact]
    public void Local_NeedsAUserAndExactlyOnePassword()
    {
        var missing = Validate(new() { Broker = MessageBrokerKind.Local });
        Assert.Contains(missing.Failures!, f => f.Contains("UserName is required"));
        Assert.Contains(missing.Failures!, f => f.Contains("exactly one of Password and PasswordFile"));

        Assert.True(Validate(new() { Broker = MessageBrokerKind.Local, UserName = "paralus", Password = "p" }).Succeeded);
        Assert.False(Validate(new() { Broker = MessageBrokerKind.Local, UserName = "paralus", Password = "p", PasswordFile = "/etc/hostname" }).Succeeded);
        var noFile = Validate(new() { Broker = MessageBrokerKind.Local, UserName = "paralus", PasswordFile = "/nonexistent/password" });
        Assert.Contains(noFile.Failures!, f => f.Contains("PasswordFile '/nonexistent/password' does not exist"));
    }

    [Fact]
    public void ServiceBus_NeedsANamespaceHostName()
    {
        var missing = Validate(new() { Broker = MessageBrokerKind.ServiceBus, UseManagedIdentity = true });
        Assert.Contains(missing.Failures!, f => f.Contains("Namespace is required for Service Bus"));
        var url = Validate(new() { Broker = MessageBrokerKind.ServiceBus, UseManagedIdentity = true, Namespace = "sb://ns.servicebus.windows.net/" });
        Assert.Contains(url.Failures!, f => f.Contains("without scheme"));
    }

    [Fact]
    public void ServiceBus_NeedsEitherASasKeyOrManagedIdentity_NotBoth()
    {
        const string ns = "ns.servicebus.windows.net";
        var neither = Validate(new() { Broker = MessageBrokerKind.ServiceBus, Namespace = ns });
        Assert.Contains(neither.Failures!, f => f.Contains("needs SasKeyName and SasKey, or UseManagedIdentity"));
        var both = Validate(new() { Broker = MessageBrokerKind.ServiceBus, Namespace = ns, SasKeyName = "k", SasKey = "s", UseManagedIdentity = true });
        Assert.Contains(both.Failures!, f => f.Contains("not both"));
        var half = Validate(new() { Broker = MessageBrokerKind.ServiceBus, Namespace = ns, SasKeyName = "k" });
        Assert.Contains(half.Failures!, f => f.Contains("SasKeyName and SasKey go together"));

        Assert.True(Validate(new() { Broker = MessageBrokerKind.ServiceBus, Namespace = ns, SasKeyName = "k", SasKey = "s" }).Succeeded);
        Assert.True(Validate(new() { Broker = MessageBrokerKind.ServiceBus, Namespace = ns, UseManagedIdentity = true }).Succeeded);
    }

    [Fact]
    public void Limits_AreChecked()
    {
        var options = new MessagingOptions
        {
            Broker = MessageBrokerKind.Local, UserName = "u", Password = "p",
            Prefetch = 0, MaxDeliveryCount = 0, MaxReconnectDelay = TimeSpan.Zero, OperationTimeout = TimeSpan.Zero,
        };
        Assert.Equal(4, Validate(options).Failures!.Count());
    }

    [Fact]
    public void AddParalusMessaging_ReportsTheConfigurationProblem_AndIsANoOpWhenOff()
    {
        var broken = Provider(new() { ["Paralus:Messaging:Broker"] = "ServiceBus" });
        var error = Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<IOptions<MessagingOptions>>().Value);
        Assert.Contains("Namespace is required for Service Bus", error.Message);

        var off = Provider([]);
        Assert.IsType<NoOpMessagePublisher>(off.GetRequiredService<IMessagePublisher>());
        Assert.False(off.GetRequiredService<IMessageSubscriber>().IsSubscribed);

        var local = Provider(new() { ["Paralus:Messaging:Broker"] = "Local", ["Paralus:Messaging:UserName"] = "u", ["Paralus:Messaging:Password"] = "p", ["Paralus:Messaging:Prefetch"] = "3" });
        Assert.IsType<AmqpMessagePublisher>(local.GetRequiredService<IMessagePublisher>());
        Assert.IsType<AmqpMessageSubscriber>(local.GetRequiredService<IMessageSubscriber>());
        Assert.Equal(3, local.GetRequiredService<IOptions<MessagingOptions>>().Value.Prefetch);
    }

    private static ValidateOptionsResult Validate(MessagingOptions options) => new MessagingOptionsValidator().Validate(null, options);

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddParalusMessaging(configuration).BuildServiceProvider();
    }
}
