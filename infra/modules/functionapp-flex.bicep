// Function App on the Flex Consumption plan (FC1, Linux) on the .NET isolated worker
// (functionAppConfig.runtime dotnet-isolated 10.0): the package is the `dotnet publish src/Gamity.Functions`
// output (host.json, functions.metadata, worker.config.json, extensions.json, .azurefunctions/), pulled from
// a blob container with the user-assigned identity (no storage keys).

@description('Function App name.')
param name string

@description('Hosting plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan and the app.')
param tags object = {}

@description('azd service name the app is tagged with (azd-service-name).')
param serviceName string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Blob endpoint of the storage account, ending with a slash.')
param storageBlobEndpoint string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Instance memory size in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Maximum number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Always-ready instances of the ForwardRounds timer, the Service Bus drain (per-function scale entry "function:ForwardRounds"). 0 = none: alwaysReady is left empty.')
@minValue(0)
@maxValue(1000)
param forwardRoundsAlwaysReadyInstances int = 1

@description('Platform CORS: origins allowed to call the app from a browser (the widget availability endpoint). Empty = no cross-origin access.')
param corsAllowedOrigins array = []

// On Flex, HTTP, Blob (Event Grid) and Durable functions scale in groups; every other function, timers
// included, scales on its own, so the drain's warm instance is named after the function. The HTTP group keeps
// the default (0 always-ready, scale from zero).
var alwaysReady = forwardRoundsAlwaysReadyInstances > 0
  ? [
      {
        name: 'function:ForwardRounds'
        instanceCount: forwardRoundsAlwaysReadyInstances
      }
    ]
  : []

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        alwaysReady: alwaysReady
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // The isolated worker does no CORS in Azure: the platform answers preflights and adds the headers.
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
  }
}

// Deployments authenticate with Entra ID only.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Function App name.')
output name string = site.name

@description('Default host name of the app.')
output defaultHostName string = site.properties.defaultHostName
