using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Contracts;

namespace Paralus.Relay.Tests;

/// <summary>A revoked kubeconfig, an expired certificate and a certificate from another CA are all refused.</summary>
[Collection(RelayStackCollection.Name)]
public sealed class UserCredentialTests(RelayStack stack)
{
    [Fact]
    public async Task RevokedKubeconfig_IsRefused_ANewOneWorks()
    {
        var kubectl = await stack.KubectlAsAsync(RelayStack.Virat);
        Assert.Equal(0, (await kubectl.RunAsync("get", "pods", "-n", "default")).ExitCode);

        using var admin = stack.Admin();
        (await admin.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest(RelayStack.Virat))).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "default")).Message.Contains("You must be logged in to the server"));
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // certificates carry whole seconds: the next one must start after the revocation
        var fresh = await stack.KubectlAsAsync(RelayStack.Virat);
        Assert.Equal(0, (await fresh.RunAsync("get", "pods", "-n", "default")).ExitCode);
    }

    [Fact]
    public async Task CredentialsOfADeletedUser_DoNotWorkForANewUserOfTheSameName()
    {
        const string name = "reborn@example.com";
        using var admin = stack.Admin();
        async Task CreateWithAccessAsync()
        {
            (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(name, Password: RelayStack.Password))).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: name, Project: "aws"))).EnsureSuccessStatusCode();
        }

        await CreateWithAccessAsync();
        var oldCertificate = await stack.KubectlAsAsync(name);
        var oldSession = stack.KubectlWithToken(name, await stack.ControlPlane.LoginAsync(name, RelayStack.Password));
        Assert.Equal(0, (await oldCertificate.RunAsync("get", "pods", "-n", "default")).ExitCode);
        Assert.Equal(0, (await oldSession.RunAsync("get", "pods", "-n", "default")).ExitCode);

        (await admin.DeleteAsync($"/api/v1/users/{name}")).EnsureSuccessStatusCode();
        await CreateWithAccessAsync();
        var fresh = await stack.KubectlAsAsync(name);
        await Eventually.TrueAsync(async () => (await fresh.RunAsync("get", "pods", "-n", "default")).ExitCode == 0);

        // Same name, same access, a new person: what the old one was given stays void.
        Assert.Contains("You must be logged in to the server", (await oldCertificate.RunAsync("get", "pods", "-n", "default")).Message);
        Assert.Contains("You must be logged in to the server", (await oldSession.RunAsync("get", "pods", "-n", "default")).Message);
    }

    [Fact]
    public async Task ExpiredCertificate_FromTheRealUserCa_IsRefused()
    {
        var userCa = X509Certificate2.CreateFromPemFile(
            Path.Combine(stack.ControlPlane.StateFolder, "ca", "user-ca.crt"), Path.Combine(stack.ControlPlane.StateFolder, "ca", "user-ca.key"));
        // The CA is minutes old: the certificate lived for one second right after it, and is long expired now.
        var born = new DateTimeOffset(userCa.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        await Task.Delay(born.AddSeconds(2) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        var kubeconfig = await WriteClientCertificateKubeconfigAsync(userCa, RelayStack.Virat, born, born.AddSeconds(1));
        var result = await kubeconfig.RunAsync("get", "pods", "-n", "default");
        Assert.Contains("You must be logged in to the server", result.Message);
    }

    [Fact]
    public async Task CertificateFromAnotherCa_NamingTheAdmin_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Paralus User CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var stranger = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var kubeconfig = await WriteClientCertificateKubeconfigAsync(stranger, stack.ControlPlane.AdminUser, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var result = await kubeconfig.RunAsync("get", "namespaces");
        Assert.Contains("You must be logged in to the server", result.Message);
    }

    private async Task<Kubectl> WriteClientCertificateKubeconfigAsync(X509Certificate2 issuer, string user, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var organization = stack.ControlPlane.Services.GetRequiredService<Paralus.Functions.Configuration.ServedOrganization>().Id;
        var request = new CertificateRequest($"CN={user}, O={organization}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        string Base64(string pem) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem));
        var folder = Directory.CreateTempSubdirectory("paralus-kc-").FullName;
        var path = Path.Combine(folder, "config");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: {new Uri(stack.RelayUserUrl, $"clusters/{RelayStack.ClusterName}")}
                certificate-authority-data: {Base64(stack.RelayCaPem)}
            users:
            - name: u
              user:
                client-certificate-data: {Base64(certificate.ExportCertificatePem())}
                client-key-data: {Base64(key.ExportPkcs8PrivateKeyPem())}
            contexts:
            - name: c
              context:
                cluster: c
                user: u
            current-context: c
            """);
        return new Kubectl(path);
    }
}
