namespace Paralus.Cli.Output;

/// <summary>Left-aligned columns three spaces apart, like kubectl's tabwriter; the last column is not padded.</summary>
internal sealed class TextTable(IReadOnlyList<string> headers)
{
    private const int Gap = 3;

    private readonly List<IReadOnlyList<string>> _rows = [headers];

    public void AddRow(IReadOnlyList<string> cells)
    {
        if (cells.Count != headers.Count)
        {
            throw new ArgumentException($"a row has {cells.Count} cells for {headers.Count} columns.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Without <paramref name="withHeaders"/>, the rows only (still as wide as the headers), to go under rows written before.</summary>
    public void WriteTo(TextWriter writer, bool withHeaders = true)
    {
        var widths = Enumerable.Range(0, headers.Count).Select(column => _rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in withHeaders ? _rows : _rows.Skip(1))
        {
            var line = string.Concat(row.Select((cell, column) => column == row.Count - 1 ? cell : cell.PadRight(widths[column] + Gap)));
            writer.WriteLine(line.TrimEnd());
        }
    }
}
