using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// Claims-based authorization on one Service Bus connection: before a link to an entity attaches, an Entra ID token
/// for it is put to the <c>$cbs</c> node; every token put is put again before it expires, or Service Bus would
/// detach the entity's links.
/// </summary>
internal sealed partial class CbsTokenAuthorizer : IAsyncDisposable
{
    private const string CbsNode = "$cbs";

    // A token is renewed this long before it expires (or at half its remaining life, when that is shorter).
    private static readonly TimeSpan RenewalLead = TimeSpan.FromMinutes(5);

    // Never renew more often than this: after a failure, or while the source still hands out the old token.
    private static readonly TimeSpan RenewalRetry = TimeSpan.FromSeconds(15);

    private readonly string _namespace;
    private readonly IAccessTokenSource _tokens;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly Session _session;
    private readonly string _replyTo = $"cbs-{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Message>> _pending = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _audiences = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private SenderLink? _requests;
    private ReceiverLink? _responses;
    private MessagingAccessToken? _token;
    private Task? _renewal;

    public CbsTokenAuthorizer(Connection connection, string serviceBusNamespace, IAccessTokenSource tokens, TimeProvider time, TimeSpan timeout, ILogger logger)
    {
        _namespace = serviceBusNamespace;
        _tokens = tokens;
        _time = time;
        _timeout = timeout;
        _logger = logger;
        _session = new Session(connection);
    }

    /// <summary>Puts a token for the entity unless this connection already holds one for it (kept fresh by renewal).</summary>
    public async Task AuthorizeAsync(string entity, CancellationToken cancellationToken)
    {
        var audience = MessagingAddresses.TokenAudience(_namespace, entity);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is null || _token.ExpiresOn - _time.GetUtcNow() < RenewalRetry)
            {
                // No token yet, or renewal has been failing until it ran out: the entities put before need a new one anyway.
                _token = await _tokens.GetTokenAsync(IAccessTokenSource.ServiceBusScope, cancellationToken);
                _audiences.Clear();
            }

            if (_audiences.Contains(audience)) return;
            await PutTokenAsync(audience, _token, cancellationToken);
            _audiences.Add(audience);
            _renewal ??= Task.Run(() => RenewAsync(_stop.Token), CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    private DateTimeOffset RenewalDue(MessagingAccessToken token)
    {
        var remaining = token.ExpiresOn - _time.GetUtcNow();
        return token.ExpiresOn - (remaining / 2 < RenewalLead ? remaining / 2 : RenewalLead);
    }

    private async Task RenewAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var delay = _token is { } current ? RenewalDue(current) - _time.GetUtcNow() : RenewalRetry;
            try
            {
                await Task.Delay(delay > RenewalRetry ? delay : RenewalRetry, _time, stopping);
                await _gate.WaitAsync(stopping);
                try
                {
                    var fresh = await _tokens.GetTokenAsync(IAccessTokenSource.ServiceBusScope, stopping);
                    // A source may hand out its cached token until shortly before it expires: try again a little later.
                    if (_token is not null && fresh.ExpiresOn <= _token.ExpiresOn) continue;
                    foreach (var audience in _audiences) await PutTokenAsync(audience, fresh, stopping);
                    _token = fresh;
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRenewalFailed(_logger, e.Message);
            }
        }
    }

    private async Task PutTokenAsync(string audience, MessagingAccessToken token, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await EnsureLinksAsync(linked.Token);

        var requestId = Guid.NewGuid().ToString("N");
        var request = new Message(token.Token)
        {
            Properties = new Properties { MessageId = requestId, ReplyTo = _replyTo },
            ApplicationProperties = new ApplicationProperties(),
        };
        request.ApplicationProperties["operation"] = "put-token";
        request.ApplicationProperties["type"] = "jwt";
        request.ApplicationProperties["name"] = audience;
        request.ApplicationProperties["expiration"] = token.ExpiresOn.UtcDateTime;

        var response = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = response;
        try
        {
            await _requests!.SendAsync(request).WaitAsync(linked.Token);
            var reply = await response.Task.WaitAsync(linked.Token);
            var status = StatusOf(reply);
            if (status is not (200 or 202))
                throw new TokenRefusedException(audience, status, AmqpMessages.ApplicationProperty(reply, "status-description") as string);
            LogTokenPut(_logger, audience, token.ExpiresOn);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private async Task EnsureLinksAsync(CancellationToken cancellationToken)
    {
        if (_requests is { IsClosed: false } && _responses is { IsClosed: false }) return;
        AmqpLinks.CloseQuietly(_requests);
        AmqpLinks.CloseQuietly(_responses);
        var suffix = Guid.NewGuid().ToString("N");
        _responses = await AmqpLinks.AttachAsync(onAttached => new ReceiverLink(_session, $"cbs-replies-{suffix}", new Attach
        {
            Source = new Source { Address = CbsNode },
            Target = new Target { Address = _replyTo },
        }, onAttached), cancellationToken);
        _responses.Start(10, OnResponse);
        _requests = await AmqpLinks.AttachAsync(onAttached => new SenderLink(_session, $"cbs-requests-{suffix}", new Target { Address = CbsNode }, onAttached), cancellationToken);
    }

    private void OnResponse(IReceiverLink link, Message message)
    {
        link.Accept(message);
        if (message.Properties?.GetCorrelationId() is { } id && _pending.TryGetValue(id.ToString()!, out var waiter)) waiter.TrySetResult(message);
    }

    private static int StatusOf(Message reply) => AmqpMessages.ApplicationProperty(reply, "status-code") switch
    {
        int code => code,
        long code => (int)code,
        string text when int.TryParse(text, out var code) => code,
        _ => 0,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_renewal is not null) await _renewal;
        AmqpLinks.CloseQuietly(_session);
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 5031, Level = LogLevel.Debug, Message = "Put a token for {Audience}, valid until {ExpiresOn:O}")]
    private static partial void LogTokenPut(ILogger logger, string audience, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 5032, Level = LogLevel.Warning, Message = "Renewing the Service Bus tokens failed, retrying: {Reason}")]
    private static partial void LogRenewalFailed(ILogger logger, string reason);
}
