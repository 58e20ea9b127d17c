using System.Text;
using Amqp;
using Amqp.Framing;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

public sealed class AmqpMessagesTests
{
    [Fact]
    public void WhatIsPublished_ArrivesWithIdTypeVersionAndBodyIntact()
    {
        var sent = AmqpMessages.ToAmqp(new OutgoingMessage("m-1", "user.disabled", 2, "{\"user\":\"ann\"}"u8.ToArray()));
        var wire = Message.Decode(sent.Encode());

        Assert.True(wire.Header.Durable);
        Assert.Equal("application/json", wire.Properties.ContentType.ToString());
        Assert.Equal("user.disabled", wire.Properties.Subject);
        var received = AmqpMessages.ToReceived(wire, 3);
        Assert.Equal(("m-1", "user.disabled", 2, 3u), (received.MessageId, received.Type, received.SchemaVersion, received.DeliveryCount));
        Assert.Equal("{\"user\":\"ann\"}", Encoding.UTF8.GetString(received.Body.Span));
    }

    [Fact]
    public void OtherSenders_StringBodiesAndSubjectsAreUnderstood_MissingFieldsAreNull()
    {
        var foreign = new Message("{\"x\":1}") { Properties = new Properties { Subject = "cluster.deleted" } };
        var received = AmqpMessages.ToReceived(Message.Decode(foreign.Encode()), 0);
        Assert.Equal(("cluster.deleted", (int?)null, (string?)null), (received.Type, received.SchemaVersion, received.MessageId));
        Assert.Equal("{\"x\":1}", Encoding.UTF8.GetString(received.Body.Span));

        var bare = AmqpMessages.ToReceived(Message.Decode(new Message(42).Encode()), 0);
        Assert.Null(bare.Type);
        Assert.True(bare.Body.IsEmpty);
    }

    [Fact]
    public void DeliveryFailures_AreCountedPerMessage_AndBounded()
    {
        var failures = new DeliveryFailures(capacity: 2);
        failures.Add("a");
        failures.Add("a");
        failures.Add("b");
        Assert.Equal(2u, failures.CountOf("a"));
        failures.Add("c");
        Assert.Equal(0u, failures.CountOf("a"));
        Assert.Equal(1u, failures.CountOf("c"));
        failures.Forget("c");
        Assert.Equal(0u, failures.CountOf("c"));
    }
}
