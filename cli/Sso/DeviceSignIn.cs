using Paralus.Cli.Api;
using Paralus.Cli.Parsing;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Sso;

/// <summary>
/// Company sign-in for machines without a browser (RFC 8628): show a code to enter elsewhere, then poll the token
/// endpoint at the pace the server asks for until the sign-in is approved, refused, or the code expires.
/// </summary>
internal sealed class DeviceSignIn(CliContext context)
{
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    public async Task<SsoTokenResponse> RunAsync(ParalusApiClient anonymous, string identityProvider, CancellationToken cancellationToken)
    {
        var device = await anonymous.PostAsync<DeviceAuthorizationResponse>(ApiRoutes.SsoDevice(identityProvider), cancellationToken);
        var error = context.Console.Error;
        error.WriteLine($"To sign in with {identityProvider}, open {device.VerificationUri} and enter the code {device.UserCode}");
        if (device.VerificationUriComplete is { Length: > 0 } complete)
        {
            error.WriteLine($"  or open {complete} (the code is filled in).");
        }

        error.WriteLine($"Waiting for the sign-in (the code works until {TimeBound.ToRfc3339(device.ExpiresAt)})...");
        error.Flush();

        var time = context.TimeProvider;
        var interval = TimeSpan.FromSeconds(Math.Max(1, device.IntervalSeconds));
        var request = new SsoTokenRequest(SsoTokenRequest.DeviceCodeGrant, DeviceCode: device.DeviceCode);
        while (true)
        {
            var left = device.ExpiresAt - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw Expired(identityProvider, device);
            }

            await Task.Delay(interval < left ? interval : left, time, cancellationToken);
            if (time.GetUtcNow() >= device.ExpiresAt)
            {
                throw Expired(identityProvider, device);
            }

            try
            {
                return await anonymous.PostAsync<SsoTokenResponse>(ApiRoutes.SsoToken, request, cancellationToken);
            }
            catch (ApiProblemException problem) when (problem.Problem.Error == SsoErrors.AuthorizationPending)
            {
                // Not approved yet: ask again after the same interval.
            }
            catch (ApiProblemException problem) when (problem.Problem.Error == SsoErrors.SlowDown)
            {
                interval += SlowDownStep;
            }
            catch (ApiProblemException problem) when (problem.Problem.Error is SsoErrors.ExpiredToken or SsoErrors.AccessDenied or SsoErrors.InvalidGrant)
            {
                throw new SignInFailedException($"the sign-in with {identityProvider} did not complete: {problem.Message}");
            }
        }
    }

    private static SignInFailedException Expired(string identityProvider, DeviceAuthorizationResponse device) =>
        new($"the code {device.UserCode} expired at {TimeBound.ToRfc3339(device.ExpiresAt)} before the sign-in was approved; run 'paralus login --sso {identityProvider} --device' again.");
}
