using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Resources;

namespace Paralus.Cli.Commands;

/// <summary>Builds the commands that are the same for every resource (list, get, delete) and runs every command's action.</summary>
internal sealed class ResourceCommandFactory(CliContext context)
{
    public CliContext Context { get; } = context;

    public void SetAction(Command command, Func<CommandInvocation, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var invocation = new CommandInvocation(Context, parseResult, cancellationToken);
            return await action(invocation);
        });

    /// <summary>A command that lists <paramref name="kind"/> with the given filters and paging options.</summary>
    public Command List<T>(string name, string description, ResourceKind<T> kind, IReadOnlyList<ListFilter> filters) =>
        ListOrShow(name, description, kind, filters, key: null, follow: null);

    /// <summary>A list that can also follow (<c>--follow</c>, <c>-f</c>): then <paramref name="follow"/> runs, given <c>--limit</c>.</summary>
    public Command FollowableList<T>(string name, string description, ResourceKind<T> kind, IReadOnlyList<ListFilter> filters,
        Func<CommandInvocation, int?, Task<int>> follow) =>
        ListOrShow(name, description, kind, filters, key: null, follow);

    /// <summary><c>get projects</c> lists; <c>get project NAME</c> shows one. Singular and plural are both accepted.</summary>
    public Command Get<T>(ResourceKind<T> kind, params IReadOnlyList<ListFilter> filters)
    {
        var key = kind.HasItemEndpoint
            ? new Argument<string?>(kind.KeyName) { Arity = ArgumentArity.ZeroOrOne, Description = $"Show only the {kind.Singular} with this {kind.KeyName}." }
            : null;
        var description = key is null ? $"List {kind.Plural}." : $"List {kind.Plural}, or show one by {kind.KeyName}.";
        var command = ListOrShow(kind.Plural, description, kind, filters, key, follow: null);
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
        Func<CommandInvocation, int?, Task<int>>? follow)
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

        var following = follow is null ? null : new Option<bool>("--follow", "-f") { Description = "Keep printing new ones as they come, oldest first; Ctrl-C ends." };
        if (following is not null)
        {
            command.Options.Add(following);
        }

        SetAction(command, invocation =>
        {
            if (following is not null && invocation.Value(following))
            {
                if (invocation.Value(continueToken) is not null)
                {
                    throw new CliUsageException("--continue cannot be combined with --follow.");
                }

                return follow!(invocation, invocation.Value(limit));
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
}
