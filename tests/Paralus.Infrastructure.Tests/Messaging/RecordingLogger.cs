using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>Keeps every log line (with its exception), so tests can check what an operator would read, and what never shows up.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(EventId Id, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((eventId, formatter(state, exception) + (exception is null ? "" : " " + exception)));

    public bool Logged(int eventId) => Lines.Any(line => line.Id.Id == eventId);

    public void AssertNeverMentions(string secret) => Assert.DoesNotContain(Lines, line => line.Text.Contains(secret, StringComparison.Ordinal));
}
