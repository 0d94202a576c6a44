// App settings of the Function App, for both hosting plans. Identity-based connections only; every
// secret is a Key Vault reference resolved with the user-assigned identity (keyVaultReferenceIdentity).

@description('Name of the existing Function App.')
param functionAppName string

@description('FlexConsumption or Premium: Premium adds the classic worker-runtime (dotnet-isolated) and run-from-package settings.')
@allowed([
  'FlexConsumption'
  'Premium'
])
param hostingPlan string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Storage account name (AzureWebJobsStorage__accountName).')
param storageAccountName string

@description('Blob endpoint of the storage account, ending with a slash.')
param storageBlobEndpoint string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Blob name of the package the Premium plan runs from.')
param deploymentPackageName string

@description('Service Bus fully qualified namespace, e.g. <name>.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Name of the Service Bus rounds queue (the ForwardRounds drain receives from it).')
param roundsQueueName string

@description('Key Vault URI ending with a slash.')
param keyVaultUri string

@description('Names of the Key Vault secrets the app settings reference.')
param secretNames {
  gamityApiKey: string
  inboundApiKey0: string
  adminApiKey: string
  playerTokensSigningKey: string
  playerTokensCallerKey0: string
}

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Gamity API base URL.')
param gamityBaseUrl string

@description('Gamity integration id.')
param gamityIntegrationId string

@description('Catalog source adapter.')
@allowed([
  'Http'
  'File'
])
param catalogSource string

@description('Catalog back-office base URL (Catalog__Source=Http). Omitted from the settings when empty.')
param catalogBaseUrl string

@description('Catalog file/blob path (Catalog__Source=File). Omitted from the settings when empty.')
param catalogFilePath string

@description('Casino wallet base URL. Omitted from the settings when empty.')
param walletBaseUrl string

@description('Largest payout/debit amount moved in one call (Wallet__MaxAmount). Omitted from the settings when empty: the app\'s default (1000000) applies.')
param walletMaxAmount string

@description('NCRONTAB schedule of SyncOperatorsAndBrands.')
param scheduleSyncOperatorsAndBrands string

@description('NCRONTAB schedule of SyncGames.')
param scheduleSyncGames string

@description('NCRONTAB schedule of RefreshActiveGames.')
param scheduleRefreshActiveGames string


@description('NCRONTAB schedule of ForwardRounds (the timer that drains the Service Bus rounds queue).')
param scheduleForwardRounds string

@description('NCRONTAB schedule of PurgeWalletHistory (the daily retention job).')
param schedulePurgeWalletHistory string

@description('NCRONTAB schedule of SweepStalledWalletOperations (the hourly backstop for open payouts and debits nothing carries).')
param scheduleSweepStalledWalletOperations string

@description('NCRONTAB schedule of WriteReconciliationReport (the daily reconciliation file).')
param scheduleWriteReconciliationReport string

@description('Retention__OrchestrationHistory: finished wallet orchestration histories older than this are purged.')
param retentionOrchestrationHistory string

@description('Retention__ClaimRecords: settled payout and debit records unchanged for this long are deleted.')
param retentionClaimRecords string

@description('Gamity egress CIDR ranges allowed to call the payout and debit endpoints (empty = any, not for production).')
param gamityAllowedIpRanges array

@description('Largest share of the last synced catalog a sync may disable (0..1).')
param syncMaxDisableFraction string

@description('Age after which the active-games snapshot is stale (TimeSpan, e.g. 00:15:00).')
param activeGamesStaleAfter string

@description('Signing algorithm of the widget/lobby token.')
@allowed([
  'HS256'
  'RS256'
  'ES256'
])
param playerTokensAlgorithm string

@description('Answer {isTestMode: true} instead of issuing tokens.')
param playerTokensTestMode bool

@description('Origins allowed to read GET /api/widget/availability from the browser (the platform CORS of the site gets the same list).')
param widgetAllowedOrigins array

@description('Additional app settings (merged last).')
param extraSettings object = {}

var isPremium = hostingPlan == 'Premium'

var commonSettings = {
  // Functions host storage: identity-based (no connection string, no account key).
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // DefaultAzureCredential / ManagedIdentityCredential in the app (the isolated worker).
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  Gamity__BaseUrl: gamityBaseUrl
  Gamity__IntegrationId: gamityIntegrationId
  Gamity__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.gamityApiKey}/)'
  Catalog__Source: catalogSource
  Schedules__SyncOperatorsAndBrands: scheduleSyncOperatorsAndBrands
  Schedules__SyncGames: scheduleSyncGames
  Schedules__RefreshActiveGames: scheduleRefreshActiveGames
  Schedules__ForwardRounds: scheduleForwardRounds
  Schedules__PurgeWalletHistory: schedulePurgeWalletHistory
  Schedules__SweepStalledWalletOperations: scheduleSweepStalledWalletOperations
  Schedules__WriteReconciliationReport: scheduleWriteReconciliationReport
  Retention__OrchestrationHistory: retentionOrchestrationHistory
  Retention__ClaimRecords: retentionClaimRecords
  // The Functions host proxies HTTP calls to the worker (ASP.NET Core integration) from 127.0.0.1 with the
  // front end's X-Forwarded-For.
  Inbound__TrustedProxies__0: '127.0.0.1/32'
  Sync__MaxDisableFraction: syncMaxDisableFraction
  ActiveGames__StaleAfter: activeGamesStaleAfter
  Rounds__QueueName: roundsQueueName
  // Connection "ServiceBus" of the ForwardRounds drain (Azure.Messaging.ServiceBus with the app's identity; the
  // same names a Service Bus trigger would read): identity-based.
  ServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBus__credential: 'managedidentity'
  ServiceBus__clientId: identityClientId
  Inbound__ApiKeys__0: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.inboundApiKey0}/)'
  Admin__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.adminApiKey}/)'
  PlayerTokens__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.playerTokensSigningKey}/)'
  PlayerTokens__CallerApiKeys__0: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.playerTokensCallerKey0}/)'
  PlayerTokens__Algorithm: playerTokensAlgorithm
  PlayerTokens__TestMode: string(playerTokensTestMode)
}

// Optional endpoints are left out rather than set to an empty string, so the app's own
// validation names the missing setting.
var optionalSettings = union(
  empty(catalogBaseUrl) ? {} : { Catalog__BaseUrl: catalogBaseUrl },
  empty(catalogFilePath) ? {} : { Catalog__FilePath: catalogFilePath },
  empty(walletBaseUrl) ? {} : { Wallet__BaseUrl: walletBaseUrl },
  empty(walletMaxAmount) ? {} : { Wallet__MaxAmount: walletMaxAmount },
  toObject(range(0, length(gamityAllowedIpRanges)), i => 'Inbound__AllowedIpRanges__${i}', i => gamityAllowedIpRanges[i]),
  toObject(range(0, length(widgetAllowedOrigins)), i => 'Widget__AllowedOrigins__${i}', i => widgetAllowedOrigins[i])
)

// Flex Consumption takes the runtime (dotnet-isolated 10.0) from functionAppConfig and rejects
// FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE; Premium needs them.
var premiumSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  WEBSITE_RUN_FROM_PACKAGE: '${storageBlobEndpoint}${deploymentContainerName}/${deploymentPackageName}'
  WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityId
}

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(commonSettings, optionalSettings, isPremium ? premiumSettings : {}, extraSettings)
}

@description('Names of the app settings written (values are not returned).')
output functionAppName string = site.name
