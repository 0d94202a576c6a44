// Function App on an Elastic Premium plan (EP1..EP3, Linux) on the .NET isolated worker, classic configuration:
// FUNCTIONS_WORKER_RUNTIME=dotnet-isolated and FUNCTIONS_EXTENSION_VERSION=~4 in the app settings (see
// appsettings.bicep) and siteConfig.linuxFxVersion DOTNET-ISOLATED|10.0.
// No Azure Files content share (it would need a storage key): the app runs from the package blob,
// fetched with the user-assigned identity (WEBSITE_RUN_FROM_PACKAGE + ..._BLOB_MI_RESOURCE_ID).

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

@description('Elastic Premium SKU.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param sku string = 'EP1'

@description('Maximum number of elastic workers.')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int = 20

@description('Always-ready instances of the plan. They also keep the ForwardRounds timer (the Service Bus drain) warm, so Premium needs no per-function always-ready entry (that is Flex only).')
@minValue(1)
@maxValue(20)
param minimumElasticInstanceCount int = 1

@description('siteConfig.linuxFxVersion: the Functions .NET isolated worker stack and version.')
param linuxFxVersion string = 'DOTNET-ISOLATED|10.0'

@description('Platform CORS: origins allowed to call the app from a browser (the widget availability endpoint). Empty = no cross-origin access.')
param corsAllowedOrigins array = []

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: sku
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumElasticWorkerCount
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
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      minimumElasticInstanceCount: minimumElasticInstanceCount
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      use32BitWorkerProcess: false
      // The isolated worker does no CORS in Azure: the platform answers preflights and adds the headers.
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
  }
}

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
