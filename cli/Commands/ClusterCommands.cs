using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Core.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>create|get|update|delete cluster</c>: clusters belong to a project and are reached through the relays.</summary>
internal sealed class ClusterCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<ClusterResource> Kind { get; } = new("cluster", "clusters", ApiRoutes.Clusters, cluster => cluster.Name,
    [
        TableColumn<ClusterResource>.Text("NAME", cluster => cluster.Name),
        TableColumn<ClusterResource>.Text("PROJECT", cluster => cluster.Project),
        TableColumn<ClusterResource>.Text("PHASE", cluster => cluster.Status.Phase),
        TableColumn<ClusterResource>.Text("KUBERNETES", cluster => cluster.Status.KubernetesVersion),
        TableColumn<ClusterResource>.Text("RELAYS", cluster => ListSummary.Of(cluster.Status.ConnectedRelays)),
        TableColumn<ClusterResource>.Since("LAST SEEN", cluster => cluster.Status.LastSeen),
        TableColumn<ClusterResource>.Age(cluster => cluster.CreatedAt),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(Kind, ListFilter.Text("--project", "project", "Only clusters of this project.")));
        verbs.Create.Subcommands.Add(Create());
        verbs.Update.Subcommands.Add(Update());
        verbs.Delete.Subcommands.Add(factory.Delete(Kind));
    }

    private Command Create()
    {
        var name = new Argument<string>("name") { Description = "Cluster name: lower-case letters, digits and '-'." };
        var project = new Option<string>("--project") { Description = "The project the cluster belongs to.", Required = true };
        var description = DescriptionOption.For(Kind.Singular);
        var labels = LabelOption("Labels, as key=value; repeat or comma-separate.");
        var command = new Command(Kind.Singular, "Register a cluster in a project.") { name, project, description, labels };
        factory.SetAction(command, invocation => invocation.CreateAsync(Kind, new CreateClusterRequest(
            invocation.Required(name),
            invocation.Required(project),
            invocation.Value(description),
            Labels.Parse(invocation.Value(labels)))));
        return command;
    }

    private Command Update()
    {
        var name = new Argument<string>("name") { Description = "The cluster to change." };
        var description = DescriptionOption.For(Kind.Singular);
        var labels = LabelOption("The cluster's new, complete set of labels, as key=value.");
        var command = new Command(Kind.Singular, "Change a cluster's description or labels.") { name, description, labels };
        factory.SetAction(command, invocation => invocation.UpdateAsync(Kind, Kind.ItemPath(invocation.Required(name)), new UpdateClusterRequest(
            invocation.Value(description),
            Labels.Parse(invocation.Value(labels)))));
        return command;
    }

    private static Option<string[]> LabelOption(string description) => new("--label", "-l") { Description = description };
}
