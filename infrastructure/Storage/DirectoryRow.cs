using Azure.Data.Tables;
using Paralus.Domain.Directory.Changes;

namespace Paralus.Infrastructure.Storage;

/// <summary>One table operation of a commit, and the change it stores (null for index rows, which announce nothing).</summary>
internal sealed record DirectoryRow(TableTransactionAction Action, DirectoryChange? Change);
