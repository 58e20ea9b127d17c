using Paralus.Domain.Text;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Tests.Storage;

public sealed class RowKeysTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("q?#\\", "q%3F%23%5C")]
    [InlineData("100%", "100%25")]
    public void Escape_RemovesCharactersTableKeysForbid(string raw, string escaped) => Assert.Equal(escaped, RowKeys.Escape(raw));

    [Fact]
    public void NameIndex_IgnoresCase() => Assert.Equal(RowKeys.NameIndex("group", "AWS Members"), RowKeys.NameIndex("group", "aws members"));

    [Theory]
    [InlineData("")]
    [InlineData("hello world")]
    [InlineData("résumé ✓")]
    public void Base64Url_RoundTrips(string text) => Assert.Equal(text, Base64Url.TryDecodeString(Base64Url.Encode(text)));

    [Fact]
    public void Base64Url_RefusesGarbage() => Assert.Null(Base64Url.TryDecodeString("%%%"));
}
