using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Output;

/// <summary>Writes resources to stdout in one <see cref="OutputFormat"/>.</summary>
internal interface IResourcePrinter
{
    void PrintList<T>(ResourceKind<T> kind, ListResponse<T> list);

    void PrintItem<T>(ResourceKind<T> kind, T item);

    /// <summary>Resources as they come, like <c>kubectl get --watch</c>: each on its own; a table has its header only before the first.</summary>
    void PrintMore<T>(ResourceKind<T> kind, IReadOnlyList<T> items, bool first)
    {
        foreach (var item in items) PrintItem(kind, item);
    }
}
