using System.Reflection;
using System.Text.Json;
using Paralus.Domain.Certificates;
using Paralus.Domain.Security;
using Paralus.Functions.Configuration;
using Paralus.Functions.SignIn;
using Paralus.Infrastructure.Identity;
using Paralus.Infrastructure.Messaging;
using Paralus.Infrastructure.Sessions;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Tests;

public sealed class LocalSettingsSampleTests
{
    [Fact]
    public void Sample_ListsEverySettingTheAppBinds()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet();

        var bound = new[]
        {
            (TableStorageOptions.SectionName, typeof(TableStorageOptions)),
            (ControlPlaneOptions.SectionName, typeof(ControlPlaneOptions)),
            (SessionTokenOptions.SectionName, typeof(SessionTokenOptions)),
            (LoginThrottleOptions.SectionName, typeof(LoginThrottleOptions)),
            (CertificateAuthorityOptions.SectionName, typeof(CertificateAuthorityOptions)),
            (KubeconfigOptions.SectionName, typeof(KubeconfigOptions)),
            (RegistrationOptions.SectionName, typeof(RegistrationOptions)),
            (MessagingOptions.Section, typeof(MessagingOptions)),
            (SecretProtectionOptions.SectionName, typeof(SecretProtectionOptions)),
            (SignInOptions.SectionName, typeof(SignInOptions)),
        }.SelectMany(o => o.Item2.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => $"{o.Item1.Replace(":", "__")}__{p.Name}"));

        Assert.All(bound, key => Assert.Contains(key, values));
        Assert.Equal("custom", sample.RootElement.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }
}
