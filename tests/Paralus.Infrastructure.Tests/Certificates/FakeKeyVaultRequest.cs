namespace Paralus.Infrastructure.Tests.Certificates;

/// <summary>One request as the fake vault saw it, with the status and body it answered.</summary>
internal sealed record FakeKeyVaultRequest(string Method, string Path, string Query, string Authorization, int Status, string ResponseBody);
