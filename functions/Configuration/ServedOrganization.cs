namespace Paralus.Functions.Configuration;

/// <summary>The id of the organization this deployment serves, known once first-start bootstrapping has run.</summary>
public sealed class ServedOrganization
{
    private string? _id;

    public string Id => _id ?? throw new InvalidOperationException("The organization has not been bootstrapped yet.");

    public bool IsReady => _id is not null;

    internal void Set(string id) => _id = id;
}
