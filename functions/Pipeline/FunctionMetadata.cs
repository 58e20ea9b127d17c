namespace Paralus.Functions.Pipeline;

/// <summary>Names the Azure Function (folder with a function.json) that routes to an endpoint group.</summary>
public sealed record FunctionMetadata(string Name);

internal static class FunctionMetadataExtensions
{
    public static RouteGroupBuilder WithFunction(this RouteGroupBuilder group, string name) => group.WithMetadata(new FunctionMetadata(name));
}
