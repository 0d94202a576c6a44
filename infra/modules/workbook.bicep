// The operations workbook (docs/adr/0014-alerts-and-workbook.md): rounds/s forwarded, filtered out, invalid and
// rejected; payout and debit outcomes and wallet call latency; catalog sync history; the drain and the active-games
// snapshot. Its queries read the workspace's AppMetrics table; the JSON is infra/workbooks/operations.workbook.json.

@description('Display name of the workbook in the portal.')
param displayName string

@description('Azure region.')
param location string

@description('Tags applied to the workbook.')
param tags object = {}

@description('Name of the Log Analytics workspace the queries read (same resource group).')
param logAnalyticsName string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: logAnalyticsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name is a GUID; this one is stable per resource group, so redeploying updates it.
  name: guid(resourceGroup().id, 'gamity-operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: logAnalytics.id
    serializedData: loadTextContent('../workbooks/operations.workbook.json')
  }
}

@description('Resource id of the workbook.')
output id string = workbook.id
