using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Output;

/// <summary>Writes resources to stdout in one <see cref="OutputFormat"/>.</summary>
internal interface IResourcePrinter
{
    void PrintList<T>(ResourceKind<T> kind, ListResponse<T> list);

    void PrintItem<T>(ResourceKind<T> kind, T item);
}
