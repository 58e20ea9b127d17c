namespace Paralus.Infrastructure.Messaging;

/// <summary>A bearer token and when it stops being valid. Its text is a secret: never log it.</summary>
public sealed record MessagingAccessToken(string Token, DateTimeOffset ExpiresOn)
{
    public override string ToString() => $"token valid until {ExpiresOn:O}";
}
