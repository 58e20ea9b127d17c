using System.Text.Json;
using Azure.Data.Tables;
using Paralus.Domain.AccessEvents;

namespace Paralus.Infrastructure.Storage;

/// <summary>An access event as its outbox row (<c>outbox|REVISION</c>) in the organization's directory partition.</summary>
internal static class OutboxRows
{
    public static TableEntity RowOf(AccessEvent accessEvent) =>
        new(accessEvent.OrganizationId, RowKeys.Outbox(accessEvent.Revision)) { [DirectoryRows.DataColumn] = JsonSerializer.Serialize(accessEvent) };

    public static AccessEvent EventOf(TableEntity row) =>
        JsonSerializer.Deserialize<AccessEvent>(row.GetString(DirectoryRows.DataColumn)) ?? throw new InvalidDataException($"outbox row {row.RowKey} is empty");
}
