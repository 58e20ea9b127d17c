using System.Text.RegularExpressions;

namespace Paralus.Sandbox.Api;

/// <summary>
/// Label selectors as kubectl writes them: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> and <c>!k</c>, joined by commas.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    private LabelSelector()
    {
    }

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var term in SplitTopLevel(text))
        {
            var t = term.Trim();
            if (t.Length == 0) continue;
            var set = SetPattern().Match(t);
            if (set.Success)
            {
                var key = set.Groups[1].Value;
                var values = set.Groups[3].Value.Split(',').Select(v => v.Trim()).ToHashSet();
                if (set.Groups[2].Value == "in") selector._requirements.Add(l => l.TryGetValue(key, out var v) && values.Contains(v));
                else selector._requirements.Add(l => !l.TryGetValue(key, out var v) || !values.Contains(v));
            }
            else if (t.Contains("!=", StringComparison.Ordinal))
            {
                var (key, value) = Split(t, "!=");
                selector._requirements.Add(l => !l.TryGetValue(key, out var v) || v != value);
            }
            else if (t.Contains('='))
            {
                var (key, value) = Split(t, t.Contains("==", StringComparison.Ordinal) ? "==" : "=");
                selector._requirements.Add(l => l.TryGetValue(key, out var v) && v == value);
            }
            else if (t.StartsWith('!'))
            {
                var key = t[1..].Trim();
                selector._requirements.Add(l => !l.ContainsKey(key));
            }
            else if (KeyPattern().IsMatch(t))
            {
                selector._requirements.Add(l => l.ContainsKey(t));
            }
            else
            {
                throw StatusException.BadRequest($"unable to parse requirement: invalid label selector \"{text}\"");
            }
        }
        return selector;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    private static (string Key, string Value) Split(string term, string op)
    {
        var at = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..at].Trim(), term[(at + op.Length)..].Trim());
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$")]
    private static partial Regex SetPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][-A-Za-z0-9_./]*$")]
    private static partial Regex KeyPattern();
}
