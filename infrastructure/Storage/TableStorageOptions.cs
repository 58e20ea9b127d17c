namespace Paralus.Infrastructure.Storage;

/// <summary>Where Table Storage is. Locally Azurite ("UseDevelopmentStorage=true" or an explicit endpoint).</summary>
public sealed class TableStorageOptions
{
    public const string SectionName = "Paralus:Storage";

    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Prefix for every table name, so several deployments (or test runs) can share one account.</summary>
    public string TablePrefix { get; set; } = "paralus";
}
