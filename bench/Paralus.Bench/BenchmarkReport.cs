using System.Text;

namespace Paralus.Bench;

/// <summary>The outcome of one benchmark: a markdown table of metrics with their targets.</summary>
internal sealed class BenchmarkReport(string title, string setup)
{
    private readonly List<(string Metric, string Value, string Target, bool? Passed)> _rows = [];
    private readonly StringBuilder _setup = new(setup);

    public bool Passed => _rows.All(r => r.Passed != false);

    /// <summary>A metric with a target; <paramref name="passed"/> null for a figure shown for information only.</summary>
    public void Add(string metric, string value, string target = "—", bool? passed = null) => _rows.Add((metric, value, target, passed));

    /// <summary>Markdown that goes after what the report was created with, before the metrics.</summary>
    public void AddSection(string markdown) => _setup.AppendLine().AppendLine().Append(markdown.TrimEnd());

    public string ToMarkdown(MachineInfo machine)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {title}").AppendLine();
        text.AppendLine($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}.").AppendLine();
        text.AppendLine(_setup.ToString()).AppendLine();
        text.AppendLine("| metric | value | target | result |");
        text.AppendLine("|---|---:|---|---|");
        foreach (var (metric, value, target, passed) in _rows)
            text.AppendLine($"| {metric} | {value} | {target} | {passed switch { true => "pass", false => "FAIL", null => "—" }} |");
        return text.ToString();
    }
}
