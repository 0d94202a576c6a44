// User-assigned managed identity shared by the Function App for every Azure dependency
// (storage, Service Bus, Key Vault references, Application Insights, deployment package).

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) id, used as AZURE_CLIENT_ID and *__clientId settings.')
output clientId string = identity.properties.clientId

@description('Object (principal) id, used for role assignments.')
output principalId string = identity.properties.principalId
