// Service Bus namespace (Standard) with the rounds queue. Local (SAS) auth is disabled: producers and
// the Function App use Entra ID. The app reads the queue with a timer-driven drain (ForwardRounds,
// docs/adr/0011): peek-lock receive, complete or abandon, lock renewal; abandoned messages are dead-lettered
// after maxDeliveryCount deliveries.

@description('Service Bus namespace name.')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the namespace.')
param tags object = {}

@description('Name of the queue the casino systems drop game rounds on.')
param roundsQueueName string = 'rounds'

@description('Peek-lock duration of a delivered message (ISO 8601, at most PT5M). The drain renews locks while a batch is in flight, so this bounds how long a message stays invisible after its receiver died.')
param lockDuration string = 'PT5M'

@description('Deliveries before a message is dead-lettered (every abandon by the drain counts as one).')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int = 10

@description('Time to live of an undelivered round (ISO 8601); expired rounds go to the dead-letter queue.')
param defaultMessageTimeToLive string = 'P14D'

@description('Name of the app\'s user-assigned identity (same resource group); granted Data Receiver and Data Sender on the namespace.')
param appIdentityName string

// Data Receiver is required: the ForwardRounds drain receives, completes, abandons and renews locks, and the operators'
// dead-letter routes read the dead-letter sub-queue. Data Sender: the replay sends dead-lettered messages back to the queue.
var roles = {
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
}

var appRoleIds = [
  roles.serviceBusDataReceiver
  roles.serviceBusDataSender
]

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource roundsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: roundsQueueName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: defaultMessageTimeToLive
    enableBatchedOperations: true
    requiresDuplicateDetection: false
    requiresSession: false
  }
}

resource appRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appRoleIds: {
    name: guid(namespace.id, appIdentity.id, roleId)
    scope: namespace
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

@description('Namespace name.')
output name string = namespace.name

@description('Fully qualified namespace host name, e.g. <name>.servicebus.windows.net.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

@description('Name of the rounds queue.')
output roundsQueueName string = roundsQueue.name
