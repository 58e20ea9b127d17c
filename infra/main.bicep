// Paralus Cloud in one resource group: Service Bus for coordination, Table Storage for state and audit, Key Vault for
// the certificate authorities.
// The Functions app and the relays bring their own managed identities; pass their principal ids.

@description('Prefix of every resource name: letters and digits (names are made lower-case).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'paralus'

param location string = resourceGroup().location

@description('Relay instance names: each gets its own access-events subscription.')
param relayInstances string[] = ['relay-1', 'relay-2']

@description('Principal (object) id of the Functions app\'s managed identity.')
param functionsPrincipalId string

@description('Principal (object) id of the relays\' managed identity.')
param relayPrincipalId string

var suffix = uniqueString(resourceGroup().id)

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    namespaceName: toLower('${namePrefix}-${suffix}')
    location: location
    relayInstances: relayInstances
    functionsPrincipalId: functionsPrincipalId
    relayPrincipalId: relayPrincipalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    accountName: toLower('${namePrefix}${suffix}')
    location: location
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    // A vault name has at most 24 characters.
    vaultName: take(toLower('${namePrefix}-${suffix}'), 24)
    location: location
    functionsPrincipalId: functionsPrincipalId
  }
}

@description('Paralus:Messaging:Namespace.')
output serviceBusHostName string = serviceBus.outputs.hostName

output storageAccountName string = storage.outputs.accountName

output tableEndpoint string = storage.outputs.tableEndpoint

@description('Paralus:Certificates:KeyVaultUri.')
output keyVaultUri string = keyVault.outputs.vaultUri
