namespace Paralus.Cli.Resources;

/// <summary>One column of a table: its header and how to get a cell from a resource, given the current time.</summary>
internal sealed record TableColumn<T>(string Header, Func<T, DateTimeOffset, string> Value)
{
    /// <summary>kubectl shows missing values as &lt;none&gt;.</summary>
    public static TableColumn<T> Text(string header, Func<T, string?> value) =>
        new(header, (item, _) => value(item) is { Length: > 0 } text ? text : "<none>");

    public static TableColumn<T> Age(Func<T, DateTimeOffset> createdAt) => Since("AGE", item => createdAt(item));

    /// <summary>How long ago something happened, like AGE; &lt;none&gt; when it has not happened yet.</summary>
    public static TableColumn<T> Since(string header, Func<T, DateTimeOffset?> time) =>
        new(header, (item, now) => time(item) is { } then ? Output.Age.Format(now - then) : "<none>");

    /// <summary>How long until something ends, or "expired"; &lt;none&gt; when it never does.</summary>
    public static TableColumn<T> Until(string header, Func<T, DateTimeOffset?> time) =>
        new(header, (item, now) => time(item) is { } end ? end <= now ? "expired" : Output.Age.Format(end - now) : "<none>");
}
