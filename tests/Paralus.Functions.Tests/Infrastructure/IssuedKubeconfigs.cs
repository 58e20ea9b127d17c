using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Paralus.Domain.Certificates;
using Paralus.Domain.Model;
using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Tests.Infrastructure;

/// <summary>Reads issued kubeconfigs the way kubectl does, and checks their certificates with the validator the relay uses.</summary>
internal static class IssuedKubeconfigs
{
    private const string Kubectl = "/usr/bin/kubectl";

    /// <summary>Writes the kubeconfig to a 0600 file and reads it back through <c>kubectl config view --raw</c>, as JSON.</summary>
    public static async Task<JsonElement> KubectlViewAsync(string kubeconfig)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("paralus-kubectl-").FullName, "config");
        await File.WriteAllTextAsync(path, kubeconfig);
        var start = new ProcessStartInfo(Kubectl, ["config", "view", "--kubeconfig", path, "--raw", "-o", "json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kubectl refused the kubeconfig: {await error}\n{kubeconfig}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }

    public static (X509Certificate2 Certificate, ECDsa Key) Credentials(JsonElement config, string userName)
    {
        var user = config.GetProperty("users").EnumerateArray().Single();
        Assert.Equal(userName, user.GetProperty("name").GetString());
        string Pem(string field) => Encoding.ASCII.GetString(Convert.FromBase64String(user.GetProperty("user").GetProperty(field).GetString()!));
        var key = ECDsa.Create();
        key.ImportFromPem(Pem("client-key-data"));
        return (X509Certificate2.CreateFromPem(Pem("client-certificate-data")), key);
    }

    public static async Task<User?> UserAsync(ControlPlaneServer server, string userName)
    {
        var organization = server.Services.GetRequiredService<ServedOrganization>().Id;
        var view = await server.Services.GetRequiredService<DirectoryViewCache>().GetAsync(organization, CancellationToken.None);
        return view.UserByName(userName)?.Value;
    }

    public static async Task<UserCertificateCheck> ValidateAsync(ControlPlaneServer server, X509Certificate2 certificate, string userName)
    {
        var authority = server.Services.GetRequiredService<CertificateAuthorities>().User.Certificate;
        return new UserCertificateValidator(authority, TimeProvider.System).Validate(certificate, null, await UserAsync(server, userName));
    }
}
