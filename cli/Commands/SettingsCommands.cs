using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>get settings</c> and <c>update settings</c>: the organization's durations, typed as 8h or 90d, and whether administrators need a second factor.</summary>
internal sealed class SettingsCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<OrganizationSettingsResource> Kind { get; } = new("settings", "settings", ApiRoutes.Settings, _ => "organization",
    [
        TableColumn<OrganizationSettingsResource>.Text("KUBECONFIG VALIDITY", settings => DurationFormat.Format(settings.KubeconfigValiditySeconds)),
        TableColumn<OrganizationSettingsResource>.Text("KUBECONFIG MAX VALIDITY", settings => DurationFormat.Format(settings.KubeconfigMaxValiditySeconds)),
        TableColumn<OrganizationSettingsResource>.Text("SA INACTIVITY TIMEOUT", settings => DurationFormat.Format(settings.ServiceAccountInactivityTimeoutSeconds)),
        TableColumn<OrganizationSettingsResource>.Text("AUDIT RETENTION", settings => DurationFormat.Format(settings.AuditRetentionSeconds)),
        TableColumn<OrganizationSettingsResource>.Text("ADMINS NEED 2FA", settings => settings.RequireSecondFactorForAdmins ? "yes" : "no"),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        var get = new Command(Kind.Singular, "Show the organization's settings.");
        factory.SetAction(get, invocation => invocation.ShowAsync(Kind, Kind.CollectionPath));
        verbs.Get.Subcommands.Add(get);
        verbs.Update.Subcommands.Add(Update());
    }

    private Command Update()
    {
        var validity = DurationOption.Create("--kubeconfig-validity", "How long a downloaded kubeconfig works, like 8h.");
        var maxValidity = DurationOption.Create("--kubeconfig-max-validity", "The longest validity a user may ask for.");
        var inactivity = DurationOption.Create("--sa-inactivity-timeout", "Idle time after which a user's service account is removed from clusters.");
        var retention = DurationOption.Create("--audit-retention", "How long audit events are kept, like 90d.");
        var secondFactor = new Option<bool?>("--require-second-factor-for-admins")
        {
            Description = "Local accounts with an administrative role must add an authenticator app (true or false; alone means true).",
        };
        var command = new Command(Kind.Singular, "Change the organization's settings.") { validity, maxValidity, inactivity, retention, secondFactor };
        factory.SetAction(command, invocation => invocation.UpdateAsync(Kind, Kind.CollectionPath, new UpdateOrganizationSettingsRequest(
            Seconds(invocation.Value(validity)),
            Seconds(invocation.Value(maxValidity)),
            Seconds(invocation.Value(inactivity)),
            Seconds(invocation.Value(retention)),
            invocation.Value(secondFactor))));
        return command;
    }

    private static long? Seconds(TimeSpan? duration) => duration is { } value ? (long)value.TotalSeconds : null;
}
