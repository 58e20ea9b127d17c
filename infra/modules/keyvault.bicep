// The certificate authorities (Paralus:Certificates:KeyVaultUri): a non-exportable EC P-256 key per authority, and
// the secret with its certificate, which the Functions app writes on first start.

@description('Name of the vault (globally unique, 3 to 24 letters, digits and hyphens, starting with a letter).')
@minLength(3)
@maxLength(24)
param vaultName string

param location string

@description('Principal (object) id of the Functions app\'s managed identity: signs with the keys, writes and reads the certificates.')
param functionsPrincipalId string


// The authorities of domain/Certificates/CertificateAuthorities; KeyVaultCertificateAuthorityStore names their keys paralus-NAME-ca.
var authorities = ['user', 'agent']

// Built-in roles: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles#security
var cryptoUserRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '12338af0-0e69-4776-bea7-57ae8d297424')
var secretsOfficerRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    softDeleteRetentionInDays: 90
    // A deleted CA key could be recovered, but never purged before its retention ends: every certificate depends on it.
    enablePurgeProtection: true
  }
}

// Created here so the app needs no right to create keys ('Key Vault Crypto User' has none). The ARM operation only
// creates a key's first version; redeploying never rotates it.
resource keys 'Microsoft.KeyVault/vaults/keys@2024-11-01' = [
  for authority in authorities: {
    parent: vault
    name: 'paralus-${authority}-ca'
    properties: {
      kty: 'EC'
      curveName: 'P-256'
      keyOps: ['sign', 'verify']
      attributes: {
        enabled: true
        exportable: false
      }
    }
  }
]

resource functionsSign 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, functionsPrincipalId, cryptoUserRole)
  properties: {
    roleDefinitionId: cryptoUserRole
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Writes each certificate once, on the first start, and reads it at every start.
resource functionsKeepCertificates 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, functionsPrincipalId, secretsOfficerRole)
  properties: {
    roleDefinitionId: secretsOfficerRole
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Paralus:Certificates:KeyVaultUri.')
output vaultUri string = vault.properties.vaultUri
