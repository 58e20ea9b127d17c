using System.Text;

namespace Paralus.Cli.Api;

/// <summary>A query string built from optional parameters: unset ones are left out, values are escaped.</summary>
internal sealed class ApiQuery
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public ApiQuery Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _parameters.Add(new(name, value));
        }

        return this;
    }

    public ApiQuery With(string name, string? value) => Copy().Add(name, value);

    public string AppendTo(string path)
    {
        if (_parameters.Count == 0)
        {
            return path;
        }

        var builder = new StringBuilder(path).Append('?');
        for (var i = 0; i < _parameters.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(_parameters[i].Key)).Append('=').Append(Uri.EscapeDataString(_parameters[i].Value));
        }

        return builder.ToString();
    }

    private ApiQuery Copy()
    {
        var copy = new ApiQuery();
        copy._parameters.AddRange(_parameters);
        return copy;
    }
}
