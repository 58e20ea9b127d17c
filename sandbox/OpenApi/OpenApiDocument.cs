using System.Security.Cryptography;

namespace Paralus.Sandbox.OpenApi;

/// <summary>One rendered OpenAPI document and its entity tag (a hash of the bytes).</summary>
internal sealed class OpenApiDocument(byte[] body, string contentType)
{
    public byte[] Body { get; } = body;

    public string ContentType { get; } = contentType;

    public string Hash { get; } = Convert.ToHexString(SHA512.HashData(body))[..32];

    public string ETag => $"\"{Hash}\"";
}
