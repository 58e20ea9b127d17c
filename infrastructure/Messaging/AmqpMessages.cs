using System.Globalization;
using System.Text;
using Amqp;
using Amqp.Framing;

namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// How messages look on the wire: id in properties.message-id, type in properties.subject and in application
/// properties (with the schema version) so brokers and consumers can route or refuse without parsing the JSON
/// body, which travels as one data section.
/// </summary>
internal static class AmqpMessages
{
    public const string TypeProperty = "type";
    public const string SchemaVersionProperty = "schema-version";

    public static Message ToAmqp(OutgoingMessage message)
    {
        var amqp = new Message
        {
            Header = new Header { Durable = true },
            Properties = new Properties { MessageId = message.MessageId, Subject = message.Type, ContentType = "application/json" },
            ApplicationProperties = new ApplicationProperties(),
            BodySection = new Data { Binary = message.Body.ToArray() },
        };
        amqp.ApplicationProperties[TypeProperty] = message.Type;
        amqp.ApplicationProperties[SchemaVersionProperty] = message.SchemaVersion;
        return amqp;
    }

    public static ReceivedMessage ToReceived(Message message, uint deliveryCount) => new(
        message.Properties?.GetMessageId()?.ToString(),
        ApplicationProperty(message, TypeProperty) as string ?? message.Properties?.Subject,
        SchemaVersionOf(ApplicationProperty(message, SchemaVersionProperty)),
        BodyOf(message),
        deliveryCount);

    public static object? ApplicationProperty(Message message, string name) =>
        message.ApplicationProperties?.Map is { } map && map.TryGetValue(name, out var value) ? value : null;

    private static int? SchemaVersionOf(object? value) => value switch
    {
        int version => version,
        long version when version is >= int.MinValue and <= int.MaxValue => (int)version,
        uint version when version <= int.MaxValue => (int)version,
        short version => version,
        byte version => version,
        string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) => version,
        _ => null,
    };

    /// <summary>Data is what our publishers send; a string or binary value comes from other AMQP senders. Anything else is left to the handler to refuse.</summary>
    private static ReadOnlyMemory<byte> BodyOf(Message message) => message.BodySection switch
    {
        Data data => data.Binary ?? [],
        AmqpValue { Value: byte[] bytes } => bytes,
        AmqpValue { Value: string text } => Encoding.UTF8.GetBytes(text),
        _ => ReadOnlyMemory<byte>.Empty,
    };
}
