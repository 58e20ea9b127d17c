namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>What <see cref="RecordingApiServer"/> answers to one method and path.</summary>
public sealed record CannedResponse(int Status, string? Body, string ContentType = "application/json");
