using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Paralus.Infrastructure.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IMessagePublisher"/> and <see cref="IMessageSubscriber"/> over one shared AMQP connection to the broker
    /// <c>Paralus:Messaging</c> names, options validated at start. With Broker = None both do nothing.
    /// </summary>
    public static IServiceCollection AddParalusMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // Asked only by a Service Bus connection with UseManagedIdentity.
        services.TryAddSingleton<IAccessTokenSource, ManagedIdentityTokenSource>();
        services.TryAddSingleton<AmqpBrokerConnection>();
        services.TryAddSingleton<IMessagePublisher>(sp => IsOff(sp)
            ? ActivatorUtilities.CreateInstance<NoOpMessagePublisher>(sp)
            : ActivatorUtilities.CreateInstance<AmqpMessagePublisher>(sp));
        services.TryAddSingleton<IMessageSubscriber>(sp => IsOff(sp)
            ? ActivatorUtilities.CreateInstance<NoOpMessageSubscriber>(sp)
            : ActivatorUtilities.CreateInstance<AmqpMessageSubscriber>(sp));
        return services;
    }

    private static bool IsOff(IServiceProvider services) =>
        services.GetRequiredService<IOptions<MessagingOptions>>().Value.Broker == MessageBrokerKind.None;
}
