using Amqp;
using Amqp.Framing;

namespace Paralus.Infrastructure.Messaging;

/// <summary>Attaching and closing links without hanging on a broker that refuses or has gone away.</summary>
internal static class AmqpLinks
{
    /// <summary>
    /// Creates a link and waits for the broker's attach. A refusing broker answers with an attach lacking the
    /// terminus and then detaches with its reason; that reason is thrown.
    /// </summary>
    public static async Task<TLink> AttachAsync<TLink>(Func<OnAttached, TLink> create, CancellationToken cancellationToken)
        where TLink : Link
    {
        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var link = create((self, attach) =>
        {
            // The remote attach describes our source and target from the broker's side: the terminus it owns is null on refusal.
            if ((self is SenderLink ? attach.Target : attach.Source) is not null) attached.TrySetResult();
        });
        link.AddClosedCallback((_, error) => attached.TrySetException(new AmqpException(error ?? new Error(ErrorCode.DetachForced) { Description = "the link was closed" })));
        try
        {
            await attached.Task.WaitAsync(cancellationToken);
            return link;
        }
        catch
        {
            CloseQuietly(link);
            throw;
        }
    }

    /// <summary>A task that completes (with the broker's reason) once the object is closed, whoever closed it.</summary>
    public static Task<string> ClosedAsync(AmqpObject amqpObject)
    {
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        amqpObject.AddClosedCallback((_, error) => closed.TrySetResult(Describe(error)));
        return closed.Task;
    }

    /// <summary>Sends the detach or close and does not wait for the answer: used on paths where the peer may be gone.</summary>
    public static void CloseQuietly(AmqpObject? amqpObject)
    {
        if (amqpObject is null || amqpObject.IsClosed) return;
        try
        {
            amqpObject.Close(TimeSpan.Zero);
        }
        catch (Exception e) when (e is AmqpException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // Already broken: nothing left to tell the peer.
        }
    }

    public static string Describe(Error? error) => error is null
        ? "closed"
        : string.IsNullOrEmpty(error.Description) ? error.Condition.ToString() : $"{error.Condition}: {error.Description}";
}
