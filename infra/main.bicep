// Gamity integration: an Azure Functions app on the .NET isolated worker (dotnet-isolated 10.0, the
// `dotnet publish src/Gamity.Functions` output) and everything it needs. azd layout: `azd provision` deploys this file at subscription scope with
// infra/main.parameters.json. Decisions: docs/adr/0003-infrastructure.md.
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; drives resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (Flex Consumption must be available there).')
param location string

@description('Resource group to create or reuse. Default: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Optional object id of the user or pipeline running the deployment: gets Key Vault Secrets Officer and Storage Blob Data Contributor so it can set secrets and upload packages. azd fills it from AZURE_PRINCIPAL_ID.')
param principalId string = ''

@description('Principal type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

// ---------------------------------------------------------------------------------------------
// Hosting
// ---------------------------------------------------------------------------------------------

@description('Hosting plan: Flex Consumption (FC1, runtime dotnet-isolated 10.0) or Elastic Premium.')
@allowed([
  'FlexConsumption'
  'Premium'
])
param hostingPlan string = 'FlexConsumption'

@description('Flex Consumption: instance memory in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption: maximum instance count.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: always-ready instances for the ForwardRounds timer (the Service Bus drain, docs/adr/0011), as functionAppConfig.scaleAndConcurrency.alwaysReady "function:ForwardRounds". 0 turns it off (the timer then starts an on-demand instance per occurrence). A timer runs on one instance at a time, so more than 1 only matters with zone redundancy (at least 2 per function). Premium needs nothing: the plan\'s minimum instances keep it warm.')
@minValue(0)
@maxValue(1000)
param forwardRoundsAlwaysReadyInstances int = 1

@description('Premium: plan SKU.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param premiumSku string = 'EP1'

@description('Premium: maximum elastic worker count.')
@minValue(1)
@maxValue(100)
param premiumMaximumElasticWorkerCount int = 20

@description('Premium: siteConfig.linuxFxVersion, the .NET isolated worker stack.')
param premiumLinuxFxVersion string = 'DOTNET-ISOLATED|10.0'

@description('Premium: blob name, in the deployment container, of the package the app runs from.')
param premiumPackageBlobName string = 'gamity-functions.zip'

// ---------------------------------------------------------------------------------------------
// Resources options
// ---------------------------------------------------------------------------------------------

@description('Storage account SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Key Vault purge protection (irreversible once enabled).')
param keyVaultEnablePurgeProtection bool = true

@description('Application Insights: accept only Entra ID authenticated telemetry. Leave false unless the app\'s OpenTelemetry exporter also authenticates with the identity.')
param applicationInsightsDisableLocalAuth bool = false

@description('Service Bus queue the casino systems drop rounds on (Rounds__QueueName; drained by the ForwardRounds timer).')
param roundsQueueName string = 'rounds'

// ---------------------------------------------------------------------------------------------
// Monitoring and alerts (docs/adr/0014-alerts-and-workbook.md, docs/runbooks/reading-the-alerts.md)
// ---------------------------------------------------------------------------------------------

@description('Resource id of an existing action group (/subscriptions/…/resourceGroups/…/providers/Microsoft.Insights/actionGroups/…) that every alert rule notifies. Empty: the rules still fire and show in the portal\'s Alerts, but notify no one.')
param actionGroupId string = ''

@description('Deploy the alert rules enabled (false: deployed disabled, e.g. in a test environment).')
param alertsEnabled bool = true

@description('Alert when a payout (or a debit being rolled back) is still open, retrying, this many minutes after Gamity first sent it (metric gamity.wallet.open.age). Gamity itself retries for about 25 minutes.')
@minValue(5)
param walletOpenAgeAlertMinutes int = 30

@description('Alert when a round message waited this many minutes in the Service Bus queue before the ForwardRounds drain received it (metric gamity.rounds.drain.message_age).')
@minValue(1)
param roundsDrainMessageAgeAlertMinutes int = 5

@description('Alert when the rounds queue\'s active messages stay above this count for 15 minutes (Service Bus metric ActiveMessages; fires even when the drain has stopped and emits nothing).')
@minValue(1)
param roundsQueueBacklogAlertThreshold int = 1000

@description('Alert when no active-games refresh succeeded, or an instance served a snapshot older than, this many minutes. Keep it equal to activeGamesStaleAfter (15 min).')
@minValue(5)
@maxValue(60)
param activeGamesStaleAlertMinutes int = 15

// ---------------------------------------------------------------------------------------------
// Application settings (non-secret)
// ---------------------------------------------------------------------------------------------

@description('Gamity API base URL (Gamity__BaseUrl). Default: the QA host documented by Gamity.')
param gamityBaseUrl string = 'https://qa-ec1.transaction-api.gamity.io'

@description('Gamity integration id agreed at onboarding (Gamity__IntegrationId).')
param gamityIntegrationId string

@description('Catalog source adapter (Catalog__Source).')
@allowed([
  'Http'
  'File'
])
param catalogSource string = 'Http'

@description('Catalog back-office base URL (Catalog__BaseUrl); omitted when empty.')
param catalogBaseUrl string = ''

@description('Catalog file/blob path (Catalog__FilePath); omitted when empty.')
param catalogFilePath string = ''

@description('Casino wallet base URL (Wallet__BaseUrl); omitted when empty.')
param walletBaseUrl string = ''

@description('Wallet__MaxAmount: largest payout/debit amount moved in one call (decimal string, e.g. 1000000); omitted when empty, then the app\'s default (1000000) applies.')
param walletMaxAmount string = ''

@description('NCRONTAB schedule of SyncOperatorsAndBrands (UTC).')
param scheduleSyncOperatorsAndBrands string = '0 0 3 * * *'

@description('NCRONTAB schedule of SyncGames (UTC).')
param scheduleSyncGames string = '0 15 3 * * *'

@description('NCRONTAB schedule of RefreshActiveGames.')
param scheduleRefreshActiveGames string = '0 */3 * * * *'

@description('NCRONTAB schedule of ForwardRounds, the timer that drains the Service Bus rounds queue (docs/adr/0011).')
param scheduleForwardRounds string = '*/5 * * * * *'

@description('NCRONTAB schedule of PurgeWalletHistory, the daily retention job (UTC).')
param schedulePurgeWalletHistory string = '0 30 3 * * *'

@description('NCRONTAB schedule of SweepStalledWalletOperations, the hourly backstop that resumes open payouts and debits nothing carries any more (UTC).')
param scheduleSweepStalledWalletOperations string = '0 20 * * * *'

@description('NCRONTAB schedule of WriteReconciliationReport, the previous UTC day\'s payouts and debits to blob reconciliation/{yyyy-MM-dd}.csv (UTC).')
param scheduleWriteReconciliationReport string = '0 30 0 * * *'

@description('Finished wallet orchestration histories older than this are purged (Retention__OrchestrationHistory, d.hh:mm:ss).')
param retentionOrchestrationHistory string = '30.00:00:00'

@description('Settled payout and debit records unchanged for this long are deleted (Retention__ClaimRecords, at least 30 days; they are the idempotency memory and the reconciliation source).')
param retentionClaimRecords string = '90.00:00:00'

@description('Gamity egress CIDR ranges (Inbound__AllowedIpRanges); ask Codemodity. Empty allows any address.')
param gamityAllowedIpRanges array = []

@description('Sync__MaxDisableFraction: largest share of the last synced catalog one sync may disable.')
param syncMaxDisableFraction string = '0.2'

@description('ActiveGames__StaleAfter: age after which the active-games snapshot is stale (round filter fails open).')
param activeGamesStaleAfter string = '00:15:00'

@description('PlayerTokens__Algorithm: how the widget/lobby token is signed (HS256 = base64 secret, RS256/ES256 = PEM private key in the Key Vault secret player-tokens-signing-key).')
@allowed([
  'HS256'
  'RS256'
  'ES256'
])
param playerTokensAlgorithm string = 'HS256'

@description('PlayerTokens__TestMode: answer {isTestMode: true} instead of issuing tokens (before Codemodity provides the key).')
param playerTokensTestMode bool = false

@description('Widget__AllowedOrigins and the Function App\'s platform CORS (siteConfig.cors.allowedOrigins): casino origins (https://casino.example) whose pages may call GET /api/widget/availability from the browser; [\'*\'] for any.')
param widgetAllowedOrigins array = []

@description('Further app settings (name → value), merged last, e.g. { Sync__RequireKnownBrandRefs: \'true\' }. Never put secrets here: use a Key Vault reference value.')
param extraAppSettings object = {}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'gamity-functions'
}
var serviceName = 'functions'
var isFlex = hostingPlan == 'FlexConsumption'

var names = {
  resourceGroup: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  identity: 'id-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  serviceBus: 'sb-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  alertRulePrefix: 'alert-${resourceToken}'
  workbookDisplayName: 'Gamity integration (${environmentName})'
}

var deploymentContainerName = 'deployments'

// Key Vault secret names the app settings reference. Their values are set by an operator after
// provisioning (see docs/adr/0003-infrastructure.md); templates never carry secret values.
var secretNames = {
  gamityApiKey: 'gamity-api-key'
  inboundApiKey0: 'inbound-api-key-0'
  adminApiKey: 'admin-api-key'
  playerTokensSigningKey: 'player-tokens-signing-key'
  playerTokensCallerKey0: 'player-tokens-caller-key-0'
}

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    disableLocalAuth: applicationInsightsDisableLocalAuth
    appIdentityName: names.identity
  }
  dependsOn: [
    identity
  ]
}

module storage 'modules/storage.bicep' = {
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSku
    deploymentContainerName: deploymentContainerName
    // The Storage-queue rounds path (ForwardQueuedRounds) with its poison queue: the host's queue listener waits
    // for a queue rather than creating it. Durable Functions creates its task hub's queues and tables itself.
    queueNames: [
      roundsQueueName
      '${roundsQueueName}-poison'
    ]
    appIdentityName: names.identity
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  dependsOn: [
    identity
  ]
}

module serviceBus 'modules/servicebus.bicep' = {
  scope: rg
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    roundsQueueName: roundsQueueName
    appIdentityName: names.identity
  }
  dependsOn: [
    identity
  ]
}

module keyVault 'modules/keyvault.bicep' = {
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: keyVaultEnablePurgeProtection
    appIdentityName: names.identity
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  dependsOn: [
    identity
  ]
}

module flexApp 'modules/functionapp-flex.bicep' = if (isFlex) {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    forwardRoundsAlwaysReadyInstances: forwardRoundsAlwaysReadyInstances
    corsAllowedOrigins: widgetAllowedOrigins
  }
}

module premiumApp 'modules/functionapp-premium.bicep' = if (!isFlex) {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    sku: premiumSku
    maximumElasticWorkerCount: premiumMaximumElasticWorkerCount
    linuxFxVersion: premiumLinuxFxVersion
    corsAllowedOrigins: widgetAllowedOrigins
  }
}

module appSettings 'modules/appsettings.bicep' = {
  scope: rg
  params: {
    functionAppName: names.functionApp
    hostingPlan: hostingPlan
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    deploymentPackageName: premiumPackageBlobName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    roundsQueueName: serviceBus.outputs.roundsQueueName
    keyVaultUri: keyVault.outputs.uri
    secretNames: secretNames
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    gamityBaseUrl: gamityBaseUrl
    gamityIntegrationId: gamityIntegrationId
    catalogSource: catalogSource
    catalogBaseUrl: catalogBaseUrl
    catalogFilePath: catalogFilePath
    walletBaseUrl: walletBaseUrl
    walletMaxAmount: walletMaxAmount
    scheduleSyncOperatorsAndBrands: scheduleSyncOperatorsAndBrands
    scheduleSyncGames: scheduleSyncGames
    scheduleRefreshActiveGames: scheduleRefreshActiveGames
    schedulePurgeWalletHistory: schedulePurgeWalletHistory
    scheduleSweepStalledWalletOperations: scheduleSweepStalledWalletOperations
    scheduleWriteReconciliationReport: scheduleWriteReconciliationReport
    retentionOrchestrationHistory: retentionOrchestrationHistory
    retentionClaimRecords: retentionClaimRecords
    scheduleForwardRounds: scheduleForwardRounds
    gamityAllowedIpRanges: gamityAllowedIpRanges
    syncMaxDisableFraction: syncMaxDisableFraction
    activeGamesStaleAfter: activeGamesStaleAfter
    playerTokensAlgorithm: playerTokensAlgorithm
    playerTokensTestMode: playerTokensTestMode
    widgetAllowedOrigins: widgetAllowedOrigins
    extraSettings: extraAppSettings
  }
  dependsOn: [
    flexApp
    premiumApp
  ]
}

module alerts 'modules/alerts.bicep' = {
  scope: rg
  params: {
    namePrefix: names.alertRulePrefix
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    serviceBusNamespaceName: names.serviceBus
    roundsQueueName: roundsQueueName
    actionGroupId: actionGroupId
    alertsEnabled: alertsEnabled
    walletOpenAgeAlertMinutes: walletOpenAgeAlertMinutes
    roundsDrainMessageAgeAlertMinutes: roundsDrainMessageAgeAlertMinutes
    roundsQueueBacklogAlertThreshold: roundsQueueBacklogAlertThreshold
    activeGamesStaleAlertMinutes: activeGamesStaleAlertMinutes
  }
  dependsOn: [
    monitoring
    serviceBus
  ]
}

module workbook 'modules/workbook.bicep' = {
  scope: rg
  params: {
    displayName: names.workbookDisplayName
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
  }
  dependsOn: [
    monitoring
  ]
}

// ---------------------------------------------------------------------------------------------
// Outputs (azd writes them into the environment's .env)
// ---------------------------------------------------------------------------------------------

var functionAppHostName = isFlex ? flexApp!.outputs.defaultHostName : premiumApp!.outputs.defaultHostName

@description('Region.')
output AZURE_LOCATION string = location

@description('Tenant of the subscription.')
output AZURE_TENANT_ID string = subscription().tenantId

@description('Resource group holding everything.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Hosting plan deployed.')
output AZURE_FUNCTIONS_HOSTING_PLAN string = hostingPlan

@description('Function App name.')
output AZURE_FUNCTION_APP_NAME string = appSettings.outputs.functionAppName

@description('Function App base URL.')
output AZURE_FUNCTION_APP_URL string = 'https://${functionAppHostName}'

@description('Storage account name.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob container holding the deployment package.')
output AZURE_DEPLOYMENT_CONTAINER_NAME string = storage.outputs.deploymentContainerName

@description('Service Bus namespace name.')
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.name

@description('Service Bus fully qualified namespace.')
output AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace

@description('Service Bus rounds queue.')
output AZURE_SERVICEBUS_ROUNDS_QUEUE string = serviceBus.outputs.roundsQueueName

@description('Key Vault name.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Key Vault URI.')
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri

@description('Key Vault secret names the app expects (values are set by an operator).')
output AZURE_KEY_VAULT_SECRET_NAMES object = secretNames

@description('Client id of the app\'s user-assigned identity.')
output AZURE_FUNCTION_APP_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Application Insights component name.')
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Names of the alert rules (docs/runbooks/reading-the-alerts.md).')
output AZURE_ALERT_RULE_NAMES array = alerts.outputs.ruleNames

@description('Resource id of the operations workbook.')
output AZURE_WORKBOOK_ID string = workbook.outputs.id
