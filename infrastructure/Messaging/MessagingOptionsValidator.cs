using Microsoft.Extensions.Options;

namespace Paralus.Infrastructure.Messaging;

/// <summary>Refuses at start a messaging configuration that could never connect, saying which setting to fix.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    private const string S = MessagingOptions.Section;

    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        if (options.Broker == MessageBrokerKind.None) return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (options.Prefetch is < 1 or > 10_000) failures.Add($"{S}:Prefetch must be between 1 and 10000.");
        if (options.MaxDeliveryCount < 1) failures.Add($"{S}:MaxDeliveryCount must be at least 1.");
        if (options.MaxReconnectDelay < TimeSpan.FromMilliseconds(100)) failures.Add($"{S}:MaxReconnectDelay must be at least 100 ms.");
        if (options.OperationTimeout <= TimeSpan.Zero) failures.Add($"{S}:OperationTimeout must be positive.");
        switch (options.Broker)
        {
            case MessageBrokerKind.Local:
                ValidateLocal(options, failures);
                break;
            case MessageBrokerKind.ServiceBus:
                ValidateServiceBus(options, failures);
                break;
            default:
                failures.Add($"{S}:Broker must be None, Local or ServiceBus.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateLocal(MessagingOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.Host)) failures.Add($"{S}:Host is required for the Local broker.");
        if (options.Port is < 1 or > 65535) failures.Add($"{S}:Port must be between 1 and 65535.");
        if (string.IsNullOrWhiteSpace(options.UserName)) failures.Add($"{S}:UserName is required for the Local broker.");
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        var hasFile = !string.IsNullOrWhiteSpace(options.PasswordFile);
        if (hasPassword == hasFile)
            failures.Add($"{S}: the Local broker needs exactly one of Password and PasswordFile.");
        else if (hasFile && !File.Exists(options.PasswordFile))
            failures.Add($"{S}:PasswordFile '{options.PasswordFile}' does not exist.");
    }

    private static void ValidateServiceBus(MessagingOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.Namespace))
            failures.Add($"{S}:Namespace is required for Service Bus (NAME.servicebus.windows.net).");
        else if (Uri.CheckHostName(options.Namespace) != UriHostNameType.Dns)
            failures.Add($"{S}:Namespace must be a host name like NAME.servicebus.windows.net, without scheme, port or path.");

        var hasKeyName = !string.IsNullOrWhiteSpace(options.SasKeyName);
        var hasKey = !string.IsNullOrEmpty(options.SasKey);
        if (hasKeyName != hasKey) failures.Add($"{S}: SasKeyName and SasKey go together.");
        if (hasKeyName && options.UseManagedIdentity)
            failures.Add($"{S}: set either SasKeyName/SasKey or UseManagedIdentity for Service Bus, not both.");
        else if (!hasKeyName && !hasKey && !options.UseManagedIdentity)
            failures.Add($"{S}: Service Bus needs SasKeyName and SasKey, or UseManagedIdentity.");
    }
}
