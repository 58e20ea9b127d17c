namespace Paralus.Infra.Tests;

public sealed class BicepTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    [Fact]
    public async Task Main_bicep_builds_and_lints_without_a_warning()
    {
        Assert.True(infra.ExitCode == 0 && infra.Errors.Trim().Length == 0, $"bicep build: exit {infra.ExitCode}\n{infra.Errors}");

        var (exitCode, output, errors) = await Bicep.RunAsync("lint", CompiledInfra.MainBicep);
        Assert.True(exitCode == 0 && (output + errors).Trim().Length == 0, $"bicep lint: exit {exitCode}\n{output}{errors}");
    }

    [Fact]
    public void Every_relay_instance_gets_its_own_subscription_with_the_default_of_two()
    {
        var subscriptions = Assert.Single(infra.Template.OfType("Microsoft.ServiceBus/namespaces/topics/subscriptions"));
        Assert.Equal("access-events", subscriptions.NameSegments[^2]);
        Assert.Null(subscriptions.Name); // one per element of the relayInstances parameter
    }

    [Fact]
    public void Key_vault_holds_non_exportable_P256_signing_keys_and_lets_the_functions_app_sign_but_not_create_keys()
    {
        var vault = Assert.Single(infra.Template.OfType("Microsoft.KeyVault/vaults"));
        Assert.True((bool)vault.Property("enableRbacAuthorization")!);

        var keys = Assert.Single(infra.Template.OfType("Microsoft.KeyVault/vaults/keys"));
        Assert.Null(keys.Name); // one per authority, paralus-NAME-ca as KeyVaultCertificateAuthorityStore names them
        Assert.Equal("EC", (string?)keys.Property("kty"));
        Assert.Equal("P-256", (string?)keys.Property("curveName"));
        Assert.Equal(["sign", "verify"], keys.Property("keyOps")!.AsArray().Select(operation => (string?)operation));
        Assert.False((bool)keys.Property("attributes")!["exportable"]!);
        Assert.Null(keys.Property("releasePolicy"));

        var roles = infra.Template.OfType("Microsoft.Authorization/roleAssignments").Select(r => (string)r.Property("roleDefinitionId")!).ToArray();
        Assert.Single(roles, role => role.Contains("12338af0-0e69-4776-bea7-57ae8d297424")); // Key Vault Crypto User
        Assert.Single(roles, role => role.Contains("b86a8fe4-44ce-4948-aee5-eccb2c155cd7")); // Key Vault Secrets Officer
        Assert.DoesNotContain(roles, role => role.Contains("14b46e9e-c2b7-41b4-b07b-48a6ebf60603")); // not Crypto Officer, which could create or delete keys
    }
}
