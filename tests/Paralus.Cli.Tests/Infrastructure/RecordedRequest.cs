namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>One request as <see cref="RecordingApiServer"/> received it.</summary>
/// <param name="Target">Path and query exactly as sent on the wire, still escaped.</param>
/// <param name="Path">The decoded path, as routes see it.</param>
/// <param name="At">When it came, by <see cref="RecordingApiServer.Clock"/> (a test's fake clock, if it set one).</param>
public sealed record RecordedRequest(string Method, string Target, string Path, string Query, string? Authorization, string? ContentType, long? ContentLength, string Body, DateTimeOffset At = default);
