using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Output;

/// <summary>kubectl's default output: upper-case headers over aligned columns, one row per resource.</summary>
internal sealed class TablePrinter(TextWriter output, TextWriter error, TimeProvider timeProvider) : IResourcePrinter
{
    public void PrintList<T>(ResourceKind<T> kind, ListResponse<T> list)
    {
        if (list.Items.Count == 0)
        {
            // On stderr, as kubectl does, so that a script reading stdout sees nothing at all.
            error.WriteLine("No resources found.");
            return;
        }

        Write(kind, list.Items);
        if (!string.IsNullOrEmpty(list.Continue))
        {
            error.WriteLine($"More {kind.Plural} exist: pass --continue {list.Continue} for the next page.");
        }
    }

    public void PrintItem<T>(ResourceKind<T> kind, T item) => Write(kind, [item]);

    public void PrintMore<T>(ResourceKind<T> kind, IReadOnlyList<T> items, bool first) => Write(kind, items, headers: first);

    private void Write<T>(ResourceKind<T> kind, IReadOnlyList<T> items, bool headers = true)
    {
        var now = timeProvider.GetUtcNow();
        var table = new TextTable(kind.Columns.Select(column => column.Header).ToArray());
        foreach (var item in items)
        {
            table.AddRow(kind.Columns.Select(column => column.Value(item, now)).ToArray());
        }

        table.WriteTo(output, headers);
    }
}
