using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Paralus.Infrastructure.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Table Storage client, directory repository, view cache and writer.</summary>
    public static IServiceCollection AddParalusStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TableStorageOptions>().Bind(configuration.GetSection(TableStorageOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Paralus:Storage:ConnectionString is required.")
            .Validate(o => System.Text.RegularExpressions.Regex.IsMatch(o.TablePrefix, "^[A-Za-z][A-Za-z0-9]{0,40}$"),
                "Paralus:Storage:TablePrefix must start with a letter and hold only letters and digits.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<TableStorageOptions>>().Value.ConnectionString));
        services.TryAddSingleton<DirectoryRepository>();
        services.TryAddSingleton<DirectoryViewCache>();
        services.TryAddSingleton<DirectoryWriter>();
        services.TryAddSingleton<ApiKeyUsageLog>();
        services.TryAddSingleton<ClusterPresenceLog>();
        return services;
    }
}
