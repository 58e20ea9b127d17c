using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Resources;

namespace Paralus.Cli.Commands;

/// <summary>Builds the commands that are the same for every resource (list, get, delete) and runs every command's action.</summary>
internal sealed class ResourceCommandFactory(CliContext context)
{
    // The commands whose output the server writes in formats of its own (-o csv, -o k8s).
    private readonly HashSet<Command> _serverFormatted = [];

    public CliContext Context { get; } = context;

    /// <summary>Runs <paramref name="action"/>; an <c>-o</c> the command cannot write is refused before anything is sent.</summary>
    public void SetAction(Command command, Func<CommandInvocation, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var invocation = new CommandInvocation(Context, parseResult, cancellationToken);
            if (invocation.RequestedOutput is OutputFormat.Csv or OutputFormat.K8s && !_serverFormatted.Contains(command))
            {
                throw new CliUsageException($"-o {invocation.RequestedOutput.Value.ToString().ToLowerInvariant()} is only for 'paralus audit kubectl'; use table, json, yaml or name.");
            }

            return await action(invocation);
        });

    /// <summary>A command that lists <paramref name="kind"/> with the given filters and paging options.</summary>
    public Command List<T>(string name, string description, ResourceKind<T> kind, IReadOnlyList<ListFilter> filters) =>
        ListOrShow(name, description, kind, filters, key: null, modes: null);

    /// <summary>
    /// A list that can also follow (<c>--follow</c>, <c>-f</c>): then <paramref name="follow"/> runs, given <c>--limit</c>;
    /// and be written by the server in a format of its own (<c>-o csv|k8s</c>): then <paramref name="export"/> runs.
    /// </summary>
    public Command FollowableList<T>(string name, string description, ResourceKind<T> kind, IReadOnlyList<ListFilter> filters,
        Func<CommandInvocation, int?, Task<int>> follow, Func<CommandInvocation, OutputFormat, Task<int>> export) =>
        ListOrShow(name, description, kind, filters, key: null, new ListModes(follow, export));

    /// <summary><c>get projects</c> lists; <c>get project NAME</c> shows one. Singular and plural are both accepted.</summary>
    public Command Get<T>(ResourceKind<T> kind, params IReadOnlyList<ListFilter> filters)
    {
        var key = kind.HasItemEndpoint
            ? new Argument<string?>(kind.KeyName) { Arity = ArgumentArity.ZeroOrOne, Description = $"Show only the {kind.Singular} with this {kind.KeyName}." }
            : null;
        var description = key is null ? $"List {kind.Plural}." : $"List {kind.Plural}, or show one by {kind.KeyName}.";
        var command = ListOrShow(kind.Plural, description, kind, filters, key, modes: null);
        command.Aliases.Add(kind.Singular);
        return command;
    }

    public Command Delete<T>(ResourceKind<T> kind)
    {
        var keys = new Argument<string[]>(kind.KeyName) { Arity = ArgumentArity.OneOrMore, Description = $"The {kind.KeyName} of each {kind.Singular} to delete." };
        var command = new Command(kind.Singular, $"Delete {kind.Plural} by {kind.KeyName}.") { keys };
        command.Aliases.Add(kind.Plural);
        SetAction(command, invocation => invocation.DeleteAsync(kind, invocation.Required(keys)));
        return command;
    }

    private Command ListOrShow<T>(string name, string description, ResourceKind<T> kind, IReadOnlyList<ListFilter> filters, Argument<string?>? key,
        ListModes? modes)
    {
        var limit = new Option<int?>("--limit") { Description = "Return at most this many and a token for the next page." };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--limit must be a positive number.");
            }
        });
        var continueToken = new Option<string?>("--continue") { Description = "Continue a paged list from this token." };
        var command = new Command(name, description) { limit, continueToken };
        if (key is not null)
        {
            command.Arguments.Add(key);
        }

        foreach (var filter in filters)
        {
            command.Options.Add(filter.Option);
        }

        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new ones as they come, oldest first; Ctrl-C ends." };
        if (modes is not null)
        {
            command.Options.Add(follow);
            _serverFormatted.Add(command);
        }

        SetAction(command, invocation =>
        {
            if (modes is not null && invocation.RequestedOutput is OutputFormat.Csv or OutputFormat.K8s)
            {
                if (invocation.Value(follow) || invocation.Value(continueToken) is not null)
                {
                    throw new CliUsageException("-o csv and -o k8s write every match at once: drop --follow and --continue.");
                }

                return modes.Export(invocation, invocation.RequestedOutput.Value);
            }

            if (modes is not null && invocation.Value(follow))
            {
                if (invocation.Value(continueToken) is not null)
                {
                    throw new CliUsageException("--continue cannot be combined with --follow.");
                }

                return modes.Follow(invocation, invocation.Value(limit));
            }

            if (key is not null && invocation.Value(key) is { } one)
            {
                return invocation.ShowAsync(kind, kind.ItemPath(one));
            }

            var query = new ApiQuery();
            if (kind.ListScope is { } scope)
            {
                query.Add(scope.Key, scope.Value);
            }

            foreach (var filter in filters)
            {
                query.Add(filter.QueryKey, filter.Read(invocation.ParseResult));
            }

            return invocation.ListAsync(kind, query, invocation.Value(limit), invocation.Value(continueToken));
        });
        return command;
    }

    /// <summary>What a list can do besides listing a page.</summary>
    private sealed record ListModes(Func<CommandInvocation, int?, Task<int>> Follow, Func<CommandInvocation, OutputFormat, Task<int>> Export);
}
