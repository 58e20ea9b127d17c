using System.Collections.Concurrent;
using System.Threading.Channels;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>
/// A tiny in-process AMQP 1.0 peer standing in for Service Bus: a <c>$cbs</c> node that answers put-token requests
/// with a chosen status, and entities that, like Service Bus with an anonymous connection, refuse an attach until a
/// token for them was put. What senders publish is kept for the test; what the test delivers goes to receivers.
/// </summary>
internal sealed class ServiceBusPeer : IDisposable
{
    public const string Namespace = "paralus-test.servicebus.windows.net";

    private readonly ContainerHost _host;
    private readonly ConcurrentDictionary<string, byte> _authorized = new(StringComparer.Ordinal);
    private readonly Channel<Message> _published = Channel.CreateUnbounded<Message>();
    private readonly Channel<Message> _outbound = Channel.CreateUnbounded<Message>();

    public ServiceBusPeer(int status = 200, string? description = null, (string User, string Password)? plain = null)
    {
        Port = FreePort.Next();
        _host = new ContainerHost(new Address("127.0.0.1", Port, null, null, "/", "amqp"));
        if (plain is { } credentials) _host.Listeners[0].SASL.EnablePlainMechanism(credentials.User, credentials.Password);
        else _host.Listeners[0].SASL.EnableAnonymousMechanism = true;
        _host.RegisterRequestProcessor("$cbs", new Cbs(this, status, description));
        _host.RegisterLinkProcessor(new Entities(this, requireToken: plain is null));
        _host.Open();
    }

    public int Port { get; }

    /// <summary>What happened, in order: "put-token AUDIENCE" and "attach ADDRESS".</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<PutToken> Tokens { get; } = new();

    /// <summary>How subscribers settled the messages they got: the outcome's AMQP type.</summary>
    public ConcurrentQueue<DeliveryState> Dispositions { get; } = new();

    public ChannelReader<Message> Published => _published.Reader;

    /// <summary>Messages queued by <see cref="Deliver"/> that no receiver has been given yet (it had no credit left).</summary>
    public int Undelivered => _outbound.Reader.Count;

    /// <summary>Queues a message for the next receiver of any subscription.</summary>
    public void Deliver(Message message) => _outbound.Writer.TryWrite(message);

    public void Dispose() => _host.Close();

    public sealed record PutToken(string? Operation, string? Type, string? Name, DateTime? Expiration, object? Token, string? ReplyTo);

    private sealed class Cbs(ServiceBusPeer peer, int status, string? description) : IRequestProcessor
    {
        public int Credit => 10;

        public void Process(RequestContext requestContext)
        {
            var request = requestContext.Message;
            string? Property(string name) => request.ApplicationProperties?.Map.TryGetValue(name, out var value) == true ? value?.ToString() : null;
            var put = new PutToken(Property("operation"), Property("type"), Property("name"),
                request.ApplicationProperties?.Map.TryGetValue("expiration", out var expiration) == true ? expiration as DateTime? : null,
                request.Body, request.Properties?.ReplyTo);
            peer.Tokens.Enqueue(put);
            peer.Events.Enqueue($"put-token {put.Name}");
            if (status is 200 or 202 && put.Name is not null) peer._authorized[put.Name] = 0;

            var response = new Message { ApplicationProperties = new ApplicationProperties() };
            response.ApplicationProperties["status-code"] = status;
            if (description is not null) response.ApplicationProperties["status-description"] = description;
            requestContext.Complete(response);
        }
    }

    private sealed class Entities(ServiceBusPeer peer, bool requireToken) : ILinkProcessor, IMessageProcessor, IMessageSource
    {
        public int Credit => 100;

        public void Process(AttachContext attachContext)
        {
            var link = attachContext.Link;
            var address = link.Role ? ((Target)attachContext.Attach.Target).Address : ((Source)attachContext.Attach.Source).Address;
            peer.Events.Enqueue($"attach {address}");
            if (requireToken && !peer._authorized.ContainsKey($"amqp://{Namespace}/{address}"))
            {
                attachContext.Complete(new Error(ErrorCode.UnauthorizedAccess) { Description = $"no token for {address}" });
                return;
            }

            if (link.Role) attachContext.Complete(new TargetLinkEndpoint(this, link), Credit);
            else attachContext.Complete(new SourceLinkEndpoint(this, link), 0);
        }

        public void Process(MessageContext messageContext)
        {
            peer._published.Writer.TryWrite(messageContext.Message);
            messageContext.Complete();
        }

        public async Task<ReceiveContext> GetMessageAsync(ListenerLink link) =>
            new(link, await peer._outbound.Reader.ReadAsync());

        public void DisposeMessage(ReceiveContext receiveContext, DispositionContext dispositionContext)
        {
            peer.Dispositions.Enqueue(dispositionContext.DeliveryState);
            dispositionContext.Complete();
        }
    }
}
