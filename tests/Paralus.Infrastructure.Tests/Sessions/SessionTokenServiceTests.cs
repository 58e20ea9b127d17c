using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Paralus.Domain.Model;
using Paralus.Infrastructure.Sessions;

namespace Paralus.Infrastructure.Tests.Sessions;

public sealed class SessionTokenServiceTests
{
    private static SessionTokenService Create(FakeTimeProvider clock, string? key = null, string? keyFile = null) => new(
        Options.Create(new SessionTokenOptions
        {
            SigningKey = key ?? Convert.ToBase64String(new byte[32]),
            SigningKeyFile = keyFile ?? "unused",
            SessionLifetime = TimeSpan.FromHours(1),
        }), clock);

    [Fact]
    public async Task IssuedToken_ValidatesUntilItExpires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var service = Create(clock);
        var (token, expires) = service.Issue("org-1", "user-1", "sally@example.com");
        Assert.Equal(clock.GetUtcNow().AddHours(1), expires);

        var claims = await service.ValidateAsync(token);
        Assert.Equal(("org-1", "user-1", "sally@example.com"), (claims!.OrganizationId, claims.UserId, claims.UserName));

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(await service.ValidateAsync(token));
    }

    [Fact]
    public async Task RestrictedSession_SaysWhy_LastsTenMinutes_AndRelaysRefuseIt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var service = Create(clock);
        var (token, expires) = service.Issue("org-1", "user-1", "admin@paralus.local", SessionRestriction.PasswordChange);

        Assert.Equal(clock.GetUtcNow().AddMinutes(10), expires);
        Assert.Equal(SessionRestriction.PasswordChange, (await service.ValidateAsync(token))!.Restriction);
        Assert.Null(await service.ValidateForKubectlAsync(token));
        Assert.Null((await service.ValidateForKubectlAsync(service.Issue("org-1", "user-1", "admin@paralus.local").Token))!.Restriction);
    }

    [Fact]
    public async Task SessionIssuedInTheSecondOfARevocation_AfterIt_IsDatedAfterIt()
    {
        var revokedAt = new DateTimeOffset(2026, 11, 22, 12, 0, 0, 400, TimeSpan.Zero);
        var clock = new FakeTimeProvider(revokedAt.AddMilliseconds(200));
        var service = Create(clock);

        var claims = await service.ValidateAsync(service.Issue("org-1", "user-1", "sally", notIssuedBefore: revokedAt).Token);
        var unaware = await service.ValidateAsync(service.Issue("org-1", "user-2", "sally").Token);

        Assert.True(claims!.IssuedAt >= revokedAt);
        Assert.True(unaware!.IssuedAt < revokedAt);
    }

    [Fact]
    public async Task TokenSignedWithAnotherKey_OrTampered_IsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (token, _) = Create(clock, Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray())).Issue("org-1", "user-1", "sally");
        Assert.Null(await Create(clock).ValidateAsync(token));

        var mine = Create(clock).Issue("org-1", "user-1", "sally").Token;
        var parts = mine.Split('.');
        var forgedPayload = Convert.ToBase64String("{\"sub\":\"admin\",\"name\":\"admin\",\"org\":\"org-1\"}"u8.ToArray()).TrimEnd('=');
        Assert.Null(await Create(clock).ValidateAsync($"{parts[0]}.{forgedPayload}.{parts[2]}"));
        Assert.Null(await Create(clock).ValidateAsync("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task WithoutConfiguredKey_CreatesAKeyFileReadableByOwnerOnly_AndReusesIt()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "keys", "session.key");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SessionTokenOptions { SigningKey = null, SigningKeyFile = file };
        var first = new SessionTokenService(Options.Create(options), clock).Issue("o", "u", "n").Token;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.NotNull(await new SessionTokenService(Options.Create(options), clock).ValidateAsync(first));
    }
}
