using System.CommandLine;
using System.Text.Json;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;

namespace Paralus.Cli.Commands;

/// <summary>
/// One run of one command: its parsed values, its API client, and the shared ways to print and to confirm, so
/// that every command lists, creates, updates and reports the same way.
/// </summary>
internal sealed class CommandInvocation(CliContext context, ParseResult parseResult, CancellationToken cancellationToken) : IDisposable
{
    private readonly List<ParalusApiClient> _clients = [];
    private ParalusApiClient? _api;

    public CliContext Context { get; } = context;

    public ParseResult ParseResult { get; } = parseResult;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TextWriter Out => Context.Console.Output;

    public string? ServerFlag => ParseResult.GetValue(Context.Options.Server);

    /// <summary>The <c>-o</c> given on the command line, or null when the command's own default applies.</summary>
    public OutputFormat? RequestedOutput => ParseResult.GetValue(Context.Options.Output);

    public IResourcePrinter Printer => ResourcePrinters.For(RequestedOutput ?? OutputFormat.Table, Context.Console, Context.TimeProvider);

    /// <summary>A client signed in as the user of the config file (or failing with how to sign in).</summary>
    public ParalusApiClient Api => _api ??= Connect(Context.Connections.Authenticated(ServerFlag));

    public T? Value<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Value<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    public T Required<T>(Argument<T> argument) => ParseResult.GetRequiredValue(argument);

    public T Required<T>(Option<T> option) => ParseResult.GetRequiredValue(option);

    public string ReadSecret(string flag) => StdinSecret.Read(Context.Console.Input, flag);

    public ParalusApiClient Connect(ApiConnection connection, TimeSpan? timeout = null)
    {
        var client = new ParalusApiClient(connection, message => ProgressSpinner.Start(Context.Console, Context.TimeProvider, message), timeout);
        _clients.Add(client);
        return client;
    }

    public async Task<int> ListAsync<T>(ResourceKind<T> kind, ApiQuery query, int? limit, string? continueToken)
    {
        var list = await Api.ListAsync<T>(kind.CollectionPath, query, limit, continueToken, CancellationToken);
        Printer.PrintList(kind, list);
        return 0;
    }

    public async Task<int> ShowAsync<T>(ResourceKind<T> kind, string path)
    {
        Printer.PrintItem(kind, await Api.GetAsync<T>(path, CancellationToken));
        return 0;
    }

    public async Task<int> CreateAsync<T>(ResourceKind<T> kind, object request)
    {
        Confirm(kind, await Api.PostAsync<T>(kind.CollectionPath, request, CancellationToken), "created");
        return 0;
    }

    /// <summary>PATCH with only what was given; an update that names nothing to change is a usage error, not a no-op call.</summary>
    public async Task<int> UpdateAsync<T>(ResourceKind<T> kind, string path, object request, string verb = "updated")
    {
        if (JsonSerializer.SerializeToNode(request, request.GetType(), ApiJson.Options) is { } body && body.AsObject().Count == 0)
        {
            throw new CliUsageException($"nothing to update: give at least one option (see 'paralus update {kind.Singular} --help').");
        }

        Confirm(kind, await Api.PatchAsync<T>(path, request, CancellationToken), verb);
        return 0;
    }

    public async Task<int> DeleteAsync<T>(ResourceKind<T> kind, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            await Api.DeleteAsync(kind.ItemPath(name), CancellationToken);
            Out.WriteLine($"{kind.Reference(name)} deleted");
        }

        return 0;
    }

    /// <summary>kubectl's "project/aws created", or the resource itself when <c>-o</c> was given.</summary>
    public void Confirm<T>(ResourceKind<T> kind, T item, string verb)
    {
        if (RequestedOutput is not null)
        {
            Printer.PrintItem(kind, item);
        }
        else
        {
            Out.WriteLine($"{kind.Reference(item)} {verb}");
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
