namespace Paralus.Relay.Proxy;

/// <summary>Sees the frames <see cref="WebSocketFrameBoundary"/> follows: each frame's start (its opcode), its payload in pieces, its end.</summary>
internal interface IWebSocketFrameObserver
{
    void FrameStarted(int opcode);

    void Payload(ReadOnlySpan<byte> bytes);

    void FrameEnded();
}
