using System.Text;
using Paralus.Domain.AccessEvents;
using Paralus.Infrastructure.Coordination;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Coordination;

/// <summary>Access events survive the trip as messages; anything malformed is refused with a reason, never half-read.</summary>
public sealed class AccessEventMessageTests
{
    private static readonly AccessEvent Deactivated = new("o-1", 42, new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        [new AccessChange(AccessEventTypes.MembershipRemoved, UserId: "u-1", GroupId: "g-1"), new AccessChange(AccessEventTypes.UserDeactivated, UserId: "u-1")]);

    private static ReceivedMessage Received(OutgoingMessage sent) => new(sent.MessageId, sent.Type, sent.SchemaVersion, sent.Body, 1);

    [Fact]
    public void RoundTrips_WithTheWeightiestChangeAsType()
    {
        var sent = AccessEventMessage.ToMessage(Deactivated);
        Assert.Equal("o-1:42", sent.MessageId);
        Assert.Equal(AccessEventTypes.UserDeactivated, sent.Type);
        var (parsed, refusal) = AccessEventMessage.Parse(Received(sent));
        Assert.Null(refusal);
        Assert.Equal(Deactivated.Revision, parsed!.Revision);
        Assert.Equal(Deactivated.Changes, parsed.Changes);
    }

    [Theory]
    [InlineData("user.deactivated", 2, "{}", "schema version 2")]
    [InlineData("user.exploded", 1, "{}", "unknown access event type 'user.exploded'")]
    [InlineData("user.deactivated", 1, "not json", "the body is not an access event")]
    [InlineData("user.deactivated", 1, "{\"organizationId\":\"o-1\",\"revision\":0,\"occurredAt\":\"2026-11-22T10:00:00Z\",\"changes\":[]}", "revision 0 is not positive")]
    [InlineData("user.deactivated", 1, "{\"organizationId\":\"\",\"revision\":3,\"occurredAt\":\"2026-11-22T10:00:00Z\",\"changes\":[]}", "no organizationId")]
    [InlineData("user.deactivated", 1, "{\"organizationId\":\"o\",\"revision\":3,\"occurredAt\":\"2026-11-22T10:00:00Z\",\"changes\":[{\"type\":\"nope\"}]}", "unknown change type 'nope'")]
    public void RefusesMalformedMessages(string type, int version, string body, string reason)
    {
        var (parsed, refusal) = AccessEventMessage.Parse(new ReceivedMessage("m", type, version, Encoding.UTF8.GetBytes(body), 1));
        Assert.Null(parsed);
        Assert.Contains(reason, refusal);
    }
}
