using System.CommandLine;
using System.Diagnostics;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>create|get|update|delete cluster</c>: clusters belong to a project and are reached through the relays.
/// Creating one also yields the agent's bootstrap manifest (stdout, for <c>| kubectl apply -f -</c>), or applies it with
/// the machine's kubectl when <c>--kubeconfig</c> names the cluster; <c>get clusterbootstrap</c> issues a fresh one.
/// </summary>
internal sealed class ClusterCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<ClusterResource> Kind { get; } = new("cluster", "clusters", ApiRoutes.Clusters, cluster => cluster.Name,
    [
        TableColumn<ClusterResource>.Text("NAME", cluster => cluster.Name),
        TableColumn<ClusterResource>.Text("PROJECT", cluster => cluster.Project),
        TableColumn<ClusterResource>.Text("STATUS", cluster => cluster.Status.Phase),
        TableColumn<ClusterResource>.Text("AGENT", cluster => cluster.Status.AgentVersion),
        TableColumn<ClusterResource>.Text("KUBERNETES", cluster => cluster.Status.KubernetesVersion),
        TableColumn<ClusterResource>.Text("RELAYS", cluster => ListSummary.Of(cluster.Status.ConnectedRelays)),
        TableColumn<ClusterResource>.Since("LAST SEEN", cluster => cluster.Status.LastSeen),
        TableColumn<ClusterResource>.Age(cluster => cluster.CreatedAt),
    ]);

    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromMinutes(5);

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(Kind, ListFilter.Text("--project", "project", "Only clusters of this project.")));
        verbs.Get.Subcommands.Add(GetBootstrap());
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
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Install the agent right away: apply the bootstrap manifest with 'kubectl apply' and this kubeconfig (cluster-admin).",
            HelpName = "file",
        };
        var wait = new Option<bool>("--wait") { Description = "With --kubeconfig: wait until the agent has connected to a relay." };
        var timeout = DurationOption.Create("--timeout", $"How long --wait waits (default {DurationFormat.Format((long)DefaultWaitTimeout.TotalSeconds)}).");
        var command = new Command(Kind.Singular, "Register a cluster in a project and print (or apply) its agent's bootstrap manifest.") { name, project, description, labels, kubeconfig, wait, timeout };
        factory.SetAction(command, async invocation =>
        {
            if (invocation.Value(wait) && invocation.Value(kubeconfig) is null)
            {
                throw new CliUsageException("--wait needs --kubeconfig: without it the manifest is printed for you to apply, so there is nothing to wait for yet.");
            }
            var cluster = await invocation.Api.PostAsync<ClusterResource>(Kind.CollectionPath, new CreateClusterRequest(
                invocation.Required(name),
                invocation.Required(project),
                invocation.Value(description),
                Labels.Parse(invocation.Value(labels))), invocation.CancellationToken);
            // With -o the resource is the output; the manifest can be had later with 'get clusterbootstrap'.
            if (invocation.RequestedOutput is not null)
            {
                invocation.Confirm(Kind, cluster, "created");
                return 0;
            }

            invocation.Context.Console.Error.WriteLine($"{Kind.Reference(cluster)} created");
            var bootstrap = await BootstrapAsync(invocation, cluster.Name);
            if (invocation.Value(kubeconfig) is not { } file) return PrintManifest(invocation, cluster.Name, bootstrap);
            var applied = await ApplyAsync(invocation, cluster.Name, bootstrap, file);
            return applied != 0 || !invocation.Value(wait)
                ? applied
                : await AgentConnectionWait.WaitAsync(invocation, cluster.Name, invocation.Value(timeout) ?? DefaultWaitTimeout, file);
        });
        return command;
    }

    private Command GetBootstrap()
    {
        var name = new Argument<string>("name") { Description = "The cluster whose agent to install." };
        var command = new Command("clusterbootstrap", "Print a fresh bootstrap manifest for a cluster's agent; it replaces any earlier registration token.") { name };
        factory.SetAction(command, async invocation =>
        {
            var cluster = invocation.Required(name);
            var bootstrap = await BootstrapAsync(invocation, cluster);
            // Like kubectl: -o json|yaml prints the object (token, expiry, manifest); otherwise the manifest itself, for piping.
            if (invocation.RequestedOutput is OutputFormat.Json or OutputFormat.Yaml)
            {
                invocation.Printer.PrintItem(BootstrapKind(cluster), bootstrap);
                return 0;
            }
            return PrintManifest(invocation, cluster, bootstrap);
        });
        return command;
    }

    private static ResourceKind<ClusterBootstrapResponse> BootstrapKind(string cluster) =>
        new("clusterbootstrap", "clusterbootstraps", ApiRoutes.ClusterBootstrap(cluster), _ => cluster, []);

    private static Task<ClusterBootstrapResponse> BootstrapAsync(CommandInvocation invocation, string cluster) =>
        invocation.Api.PostAsync<ClusterBootstrapResponse>(ApiRoutes.ClusterBootstrap(cluster), new { }, invocation.CancellationToken);

    /// <summary>The manifest alone on stdout, so it pipes into kubectl; the advice goes to stderr.</summary>
    private static int PrintManifest(CommandInvocation invocation, string cluster, ClusterBootstrapResponse bootstrap)
    {
        invocation.Out.Write(bootstrap.Manifest);
        invocation.Context.Console.Error.WriteLine(
            $"Apply this manifest to the cluster to install its agent (e.g. 'paralus get clusterbootstrap {cluster} | kubectl apply -f -'). " +
            $"Its registration token works once, until {TimeBound.ToRfc3339(bootstrap.ExpiresAt)}.");
        return 0;
    }

    /// <summary>Runs the machine's kubectl (or <c>PARALUS_KUBECTL</c>); kubectl's own report goes to stdout, its errors to stderr.</summary>
    private static async Task<int> ApplyAsync(CommandInvocation invocation, string cluster, ClusterBootstrapResponse bootstrap, string kubeconfig)
    {
        var kubectl = invocation.Context.Environment.Variable("PARALUS_KUBECTL") ?? "kubectl";
        var start = new ProcessStartInfo(kubectl) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "apply", "-f", "-", "--kubeconfig", kubeconfig }) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliUsageException($"cannot run '{kubectl}': {e.Message}. Install kubectl, or apply the manifest from 'paralus get clusterbootstrap {cluster}' yourself.");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(invocation.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(invocation.CancellationToken);
            await process.StandardInput.WriteAsync(bootstrap.Manifest);
            process.StandardInput.Close();
            await process.WaitForExitAsync(invocation.CancellationToken);
            invocation.Out.Write(await output);
            invocation.Context.Console.Error.Write(await error);
            if (process.ExitCode != 0)
            {
                invocation.Context.Console.Error.WriteLine($"error: kubectl apply failed (exit {process.ExitCode}); the cluster is created, retry with 'paralus get clusterbootstrap {cluster} | kubectl apply -f - --kubeconfig {kubeconfig}'.");
                return 1;
            }
        }

        invocation.Context.Console.Error.WriteLine($"agent manifest applied with {kubeconfig}; the agent registers within its token's lifetime (until {TimeBound.ToRfc3339(bootstrap.ExpiresAt)}).");
        return 0;
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
