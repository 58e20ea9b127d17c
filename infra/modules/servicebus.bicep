// Coordination: the access-events topic (a subscription per relay instance) and the audit queue.
// infra/broker/definitions.json mirrors these entities for the local RabbitMQ; tests/Paralus.Infra.Tests keeps them in step.

@description('Name of the Service Bus namespace (globally unique, 6 to 50 characters).')
@minLength(6)
@maxLength(50)
param namespaceName string

param location string

@description('One subscription per relay instance: every relay receives every access event.')
param relayInstances string[]

@description('Principal (object) id of the Functions app\'s managed identity: publishes access events, ingests audit.')
param functionsPrincipalId string

@description('Principal (object) id of the relays\' managed identity: receives access events, sends audit.')
param relayPrincipalId string

var accessEventsTopic = 'access-events'
var auditQueue = 'audit'
// Deliveries of one message before Service Bus dead-letters it (Paralus:Messaging:MaxDeliveryCount does the same locally).
var maxDeliveryCount = 10
// An access event older than an hour is stale: a relay that was away that long reloads its whole snapshot.
var accessEventTimeToLive = 'PT1H'
var auditTimeToLive = 'P14D'

// Built-in roles: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles#integration
var dataSenderRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
var dataReceiverRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    minimumTlsVersion: '1.2'
    // SAS keys stay usable (Paralus:Messaging:SasKeyName/SasKey); managed identities use the roles below.
    disableLocalAuth: false
  }
}

resource accessEvents 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: accessEventsTopic
  properties: {
    defaultMessageTimeToLive: accessEventTimeToLive
  }
}

resource relaySubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for relay in relayInstances: {
    parent: accessEvents
    name: relay
    properties: {
      maxDeliveryCount: maxDeliveryCount
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: accessEventTimeToLive
    }
  }
]

resource audit 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: auditQueue
  properties: {
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: auditTimeToLive
  }
}

resource functionsSendsEverywhere 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: namespace
  name: guid(namespace.id, functionsPrincipalId, dataSenderRole)
  properties: {
    roleDefinitionId: dataSenderRole
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource relaysReceiveEverywhere 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: namespace
  name: guid(namespace.id, relayPrincipalId, dataReceiverRole)
  properties: {
    roleDefinitionId: dataReceiverRole
    principalId: relayPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Audit flows the other way: relays send it, the ingestion function receives it.
resource relaysSendAudit 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: audit
  name: guid(audit.id, relayPrincipalId, dataSenderRole)
  properties: {
    roleDefinitionId: dataSenderRole
    principalId: relayPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionsReceiveAudit 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: audit
  name: guid(audit.id, functionsPrincipalId, dataReceiverRole)
  properties: {
    roleDefinitionId: dataReceiverRole
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('The namespace\'s AMQP host name (Paralus:Messaging:Namespace).')
output hostName string = '${namespace.name}.servicebus.windows.net'

output accessEventsTopic string = accessEvents.name
output auditQueue string = audit.name
