using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Domain.Contracts;
using QRCoder;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>totp enable</c> and <c>totp disable</c>: an authenticator app as a second factor for a local account. Enabling
/// shows a QR code in the terminal, reads the app's first code from standard input, and prints the recovery codes once.
/// </summary>
internal sealed class TotpCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public void AddTo(CommandVerbs verbs)
    {
        var totp = new Command("totp", "Add or remove an authenticator app (a second factor) for your local account.");
        totp.Subcommands.Add(Enable());
        totp.Subcommands.Add(Disable());
        verbs.Root.Subcommands.Add(totp);
    }

    private Command Enable()
    {
        var command = new Command("enable", "Add an authenticator app: scan the QR code, then type the code it shows.");
        factory.SetAction(command, async invocation =>
        {
            var begun = await invocation.Api.PostAsync<TotpEnrollmentResponse>(ApiRoutes.Totp, invocation.CancellationToken);
            using (var qr = QRCodeGenerator.GenerateQrCode(begun.Uri, QRCodeGenerator.ECCLevel.M))
            {
                invocation.Out.WriteLine(new AsciiQRCode(qr).GetGraphicSmall());
            }
            invocation.Out.WriteLine($"Or enter this key in the app: {begun.Secret}");
            invocation.Context.Console.Error.Write("Code from the app: ");
            var code = invocation.Context.Console.Input.ReadLine()?.Trim();
            if (string.IsNullOrEmpty(code)) throw new CliUsageException("no code given: run 'paralus totp enable' again and type the app's code.");
            var confirmed = await invocation.Api.PostAsync<TotpRecoveryCodesResponse>(ApiRoutes.TotpConfirm, new TotpCodeRequest(code), invocation.CancellationToken);
            invocation.Out.WriteLine("Authenticator added: signing in now takes a code too (paralus login ... --otp CODE).");
            invocation.Out.WriteLine("Recovery codes, each good for one sign-in without the app. Keep them safe; they are not shown again:");
            foreach (var recovery in confirmed.RecoveryCodes) invocation.Out.WriteLine($"  {recovery}");
            return 0;
        });
        return command;
    }

    private Command Disable()
    {
        var code = new Option<string>("--code") { Description = "A current code from the app, or a recovery code.", Required = true };
        var command = new Command("disable", "Remove the authenticator app; signing in takes the password only again.") { code };
        factory.SetAction(command, async invocation =>
        {
            await invocation.Api.PostAsync(ApiRoutes.TotpDisable, new TotpCodeRequest(invocation.Value(code)!), invocation.CancellationToken);
            invocation.Out.WriteLine("Authenticator removed.");
            return 0;
        });
        return command;
    }
}
