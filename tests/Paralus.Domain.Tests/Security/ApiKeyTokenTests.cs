using Paralus.Domain.Security;

namespace Paralus.Domain.Tests.Security;

public sealed class ApiKeyTokenTests
{
    [Fact]
    public void RoundTrip_ParsesWhatItFormats_AndMatchesOnlyItsOwnHash()
    {
        var token = new ApiKeyToken("org-abc", "k123", RandomTokens.Secret());
        Assert.True(ApiKeyToken.TryParse(token.ToString(), out var parsed));
        Assert.Equal(token, parsed);
        Assert.True(parsed!.Matches(ApiKeyToken.HashSecret(token.Secret)));
        Assert.False(parsed.Matches(ApiKeyToken.HashSecret(token.Secret + "x")));
    }

    [Theory]
    [InlineData("pk_")]
    [InlineData("pk_org")]
    [InlineData("pk_org_key")]
    [InlineData("pk_org_key.")]
    [InlineData("pk__key.secret")]
    [InlineData("pk_org_.secret")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.x")]
    public void TryParse_RefusesMalformedKeys(string text) => Assert.False(ApiKeyToken.TryParse(text, out _));
}
