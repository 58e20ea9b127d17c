// State and audit: Azure Table Storage (Paralus:Storage:ConnectionString).

@description('Name of the storage account (globally unique, 3 to 24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

param location string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The apps sign in with a connection string today.
    allowSharedKeyAccess: true
  }
}

output accountName string = account.name
output tableEndpoint string = account.properties.primaryEndpoints.table
