using System.Security.Cryptography;
using Amqp;

namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// Failed deliveries per message, counted by the consumer itself. RabbitMQ 3.10's AMQP 1.0 plugin leaves the header's
/// delivery-count at 0 and refuses the modified outcome, so a released message would come back for ever; the
/// effective count is the larger of this and the header's. Bounded: the oldest entries go first.
/// </summary>
internal sealed class DeliveryFailures(int capacity)
{
    private readonly Dictionary<string, uint> _counts = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public uint CountOf(string key) => _counts.GetValueOrDefault(key);

    public void Add(string key)
    {
        if (_counts.TryGetValue(key, out var count))
        {
            _counts[key] = count + 1;
            return;
        }

        while (_counts.Count >= capacity && _order.TryDequeue(out var oldest)) _counts.Remove(oldest);
        _counts[key] = 1;
        _order.Enqueue(key);
    }

    public void Forget(string key) => _counts.Remove(key);

    /// <summary>The message id, or for a sender that gave none, a digest of the body.</summary>
    public static string KeyOf(Message message, ReadOnlySpan<byte> body) =>
        message.Properties?.GetMessageId()?.ToString() ?? Convert.ToHexString(SHA256.HashData(body));
}
