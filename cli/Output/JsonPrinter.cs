using System.Text.Json;
using Paralus.Cli.Api;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Output;

/// <summary><c>-o json</c>: one object for one resource, the API's <c>{"items":[…]}</c> shape for a list.</summary>
internal sealed class JsonPrinter(TextWriter output) : IResourcePrinter
{
    public void PrintList<T>(ResourceKind<T> kind, ListResponse<T> list) => Write(list);

    public void PrintItem<T>(ResourceKind<T> kind, T item) => Write(item);

    private void Write<TValue>(TValue value) => output.WriteLine(JsonSerializer.Serialize(value, ApiJson.Indented));
}
