using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Output;

/// <summary><c>-o name</c>: one <c>kind/name</c> per line, for scripts.</summary>
internal sealed class NamePrinter(TextWriter output) : IResourcePrinter
{
    public void PrintList<T>(ResourceKind<T> kind, ListResponse<T> list)
    {
        foreach (var item in list.Items)
        {
            PrintItem(kind, item);
        }
    }

    public void PrintItem<T>(ResourceKind<T> kind, T item) => output.WriteLine(kind.Reference(item));
}
