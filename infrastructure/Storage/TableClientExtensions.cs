using Azure;
using Azure.Data.Tables;

namespace Paralus.Infrastructure.Storage;

public static class TableClientExtensions
{
    /// <summary>Deletes a row whatever its version; a row already gone is no error. True when this call deleted it.</summary>
    public static async Task<bool> DeleteIfPresentAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
