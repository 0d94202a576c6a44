// Alert rules over what the app emits (docs/adr/0014-alerts-and-workbook.md). App metrics (OpenTelemetry meter
// Gamity.Functions, exported by Azure.Monitor.OpenTelemetry.Exporter with delta temporality) land in the workspace's
// AppMetrics table: one row per series and export interval, Sum = the counter's increase or the histogram's sum,
// ItemCount = the histogram's count, Min/Max = the histogram's extremes, Properties = the attributes. They are
// alerted on with log search alerts (scheduledQueryRules) on the Log Analytics workspace. The Service Bus rounds
// queue is alerted on with platform metric alerts (metricAlerts), which keep firing when the app emits nothing.
// Each description names the runbook section that explains the alert: docs/runbooks/reading-the-alerts.md.

@description('Prefix of the alert rule names, e.g. the resource token.')
param namePrefix string

@description('Azure region of the log alert rules (metric alerts are global).')
param location string

@description('Tags applied to the rules.')
param tags object = {}

@description('Name of the Log Analytics workspace holding AppMetrics (same resource group).')
param logAnalyticsName string

@description('Name of the Service Bus namespace (same resource group).')
param serviceBusNamespaceName string

@description('Name of the rounds queue (the EntityName dimension of the namespace metrics).')
param roundsQueueName string

@description('Resource id of an existing action group every rule notifies. Empty: the rules fire (portal, Alerts API) without notifying anyone.')
param actionGroupId string

@description('When false the rules are deployed disabled.')
param alertsEnabled bool

@description('A payout (or a debit being rolled back) still open after this many minutes since first received.')
@minValue(5)
param walletOpenAgeAlertMinutes int

@description('A round message waited in the Service Bus queue longer than this many minutes before the drain received it.')
@minValue(1)
param roundsDrainMessageAgeAlertMinutes int

@description('Active messages in the rounds queue that stayed above this count for 15 minutes.')
@minValue(1)
param roundsQueueBacklogAlertThreshold int

@description('No successful active-games refresh, or a served snapshot older than this many minutes (the app\'s ActiveGames__StaleAfter).')
@minValue(5)
@maxValue(60)
param activeGamesStaleAlertMinutes int

// scheduledQueryRules take action group ids; metricAlerts take objects.
var logActionGroups = empty(actionGroupId) ? [] : [actionGroupId]
var metricActions = empty(actionGroupId) ? [] : [
  {
    actionGroupId: actionGroupId
  }
]

// Counted events (a Failed operation, a refused batch, a refused sync) are stateless (autoMitigate false): a rule
// fires on every evaluation that sees one, its actions are muted for the window so one event notifies once, and a
// person closes the alert. Conditions (an age, a stale snapshot, a queue) resolve themselves once they clear.
var eventEvaluation = {
  evaluationFrequency: 'PT5M'
  windowSize: 'PT15M'
  autoMitigate: false
  muteActionsDuration: 'PT15M'
}

var oneOfOne = {
  numberOfEvaluationPeriods: 1
  minFailingPeriodsToAlert: 1
}

var logAlerts = [
  {
    name: 'wallet-failed'
    displayName: 'Gamity: a payout or debit Failed'
    description: 'gamity.wallet.failed > 0: a payout or debit ran out of its retry budget (state Failed) and needs a person. docs/runbooks/reading-the-alerts.md#a-payout-or-debit-failed'
    severity: 1
    evaluation: eventEvaluation
    query: '''
AppMetrics
| where Name == 'gamity.wallet.failed'
| extend kind = tostring(Properties.kind)
| summarize Failed = sum(Sum) by kind
'''
    measure: 'Failed'
    aggregation: 'Total'
    threshold: 0
    dimensions: ['kind']
  }
  {
    name: 'wallet-open-too-long'
    displayName: 'Gamity: payouts waiting on retries too long'
    description: 'max(gamity.wallet.open.age) above walletOpenAgeAlertMinutes: a payout (or a debit rollback) is still open, retrying, that long after Gamity sent it. docs/runbooks/reading-the-alerts.md#payouts-waiting-on-retries'
    severity: 2
    evaluation: {
      evaluationFrequency: 'PT5M'
      // An open payout records its age at each attempt; backoff reaches Wallet__MaxRetryDelay (15 min).
      windowSize: 'PT30M'
      autoMitigate: true
    }
    query: '''
AppMetrics
| where Name == 'gamity.wallet.open.age'
| extend kind = tostring(Properties.kind), state = tostring(Properties.state)
| where kind == 'Payout' or state == 'RollingBack'
| summarize OldestOpenMinutes = max(Max) / 60.0 by kind
'''
    measure: 'OldestOpenMinutes'
    aggregation: 'Maximum'
    threshold: walletOpenAgeAlertMinutes
    dimensions: ['kind']
  }
  {
    name: 'wallet-stalled'
    displayName: 'Gamity: a stalled payout or debit was resumed'
    description: 'gamity.wallet.stalled > 0: the hourly sweep found an open payout or debit nothing carried any more (its process died mid-call and Gamity did not call again, or its orchestration never started) and resumed it. docs/runbooks/reading-the-alerts.md#a-stalled-payout-or-debit-was-resumed'
    severity: 2
    evaluation: eventEvaluation
    query: '''
AppMetrics
| where Name == 'gamity.wallet.stalled'
| extend kind = tostring(Properties.kind)
| summarize Stalled = sum(Sum) by kind
'''
    measure: 'Stalled'
    aggregation: 'Total'
    threshold: 0
    dimensions: ['kind']
  }
  {
    name: 'rounds-rejected'
    displayName: 'Gamity: rounds refused by Gamity for good'
    description: 'gamity.rounds.rejected > 0: Gamity refused a batch of rounds for good; they are in table InvalidRounds. docs/runbooks/reading-the-alerts.md#rounds-refused-by-gamity'
    severity: 2
    evaluation: eventEvaluation
    query: '''
AppMetrics
| where Name == 'gamity.rounds.rejected'
| summarize Rejected = sum(Sum)
'''
    measure: 'Rejected'
    aggregation: 'Total'
    threshold: 0
    dimensions: []
  }
  {
    name: 'catalog-sync-not-applied'
    displayName: 'Gamity: a catalog sync was refused, invalid or failed'
    description: 'gamity.catalog.sync.runs with outcome Refused (mass-disable guard), Invalid or Failed: Gamity\'s catalog was not updated. docs/runbooks/reading-the-alerts.md#a-catalog-sync-refused-or-failed'
    severity: 2
    evaluation: eventEvaluation
    query: '''
AppMetrics
| where Name == 'gamity.catalog.sync.runs'
| extend kind = tostring(Properties.kind), outcome = tostring(Properties.outcome)
| where outcome in ('Refused', 'Invalid', 'Failed')
| summarize Runs = sum(Sum) by kind, outcome
'''
    measure: 'Runs'
    aggregation: 'Total'
    threshold: 0
    dimensions: ['kind', 'outcome']
  }
  {
    name: 'active-games-stale'
    displayName: 'Gamity: active-games snapshot stale'
    description: 'No Succeeded gamity.active_games.refreshes, or gamity.active_games.snapshot.age, for more than activeGamesStaleAlertMinutes: the widget and the round filter fail open. docs/runbooks/reading-the-alerts.md#active-games-snapshot-stale'
    severity: 2
    evaluation: {
      evaluationFrequency: 'PT5M'
      windowSize: 'PT1H'
      autoMitigate: true
    }
    // One row whatever the data: minutes since the last Succeeded refresh in the window (1440, above any
    // threshold, when there is none) or the oldest snapshot an instance served in the last 10 minutes.
    query: '''
AppMetrics
| where Name in ('gamity.active_games.refreshes', 'gamity.active_games.snapshot.age')
| summarize
    LastRefresh = maxif(TimeGenerated, Name == 'gamity.active_games.refreshes' and tostring(Properties.outcome) == 'Succeeded' and Sum > 0),
    SnapshotAgeSeconds = maxif(iff(isnotnull(Max), Max, Sum), Name == 'gamity.active_games.snapshot.age' and TimeGenerated > ago(10m))
| extend MinutesSinceRefresh = iff(isnull(LastRefresh), 1440.0, (now() - LastRefresh) / 1m)
| extend StaleMinutes = max_of(MinutesSinceRefresh, coalesce(SnapshotAgeSeconds, 0.0) / 60.0)
'''
    measure: 'StaleMinutes'
    aggregation: 'Maximum'
    threshold: activeGamesStaleAlertMinutes
    dimensions: []
  }
  {
    name: 'rounds-drain-behind'
    displayName: 'Gamity: the rounds drain is falling behind'
    description: 'max(gamity.rounds.drain.message_age) above roundsDrainMessageAgeAlertMinutes: round messages wait that long in the Service Bus queue before ForwardRounds receives them. docs/runbooks/reading-the-alerts.md#the-rounds-drain-falling-behind'
    severity: 2
    evaluation: {
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      autoMitigate: true
    }
    query: '''
AppMetrics
| where Name == 'gamity.rounds.drain.message_age'
| summarize OldestMessageMinutes = max(Max) / 60.0
'''
    measure: 'OldestMessageMinutes'
    aggregation: 'Maximum'
    threshold: roundsDrainMessageAgeAlertMinutes
    dimensions: []
  }
]

var metricAlertRules = [
  {
    name: 'rounds-dead-lettered'
    displayName: 'Gamity: rounds dead-lettered'
    description: 'DeadletteredMessages of the rounds queue > 0: round messages ForwardRounds kept abandoning are in its dead-letter queue. docs/runbooks/reading-the-alerts.md#rounds-dead-lettered'
    severity: 2
    metricName: 'DeadletteredMessages'
    aggregation: 'Maximum'
    threshold: 0
  }
  {
    name: 'rounds-queue-backlog'
    displayName: 'Gamity: rounds queue backlog'
    description: 'ActiveMessages of the rounds queue stayed above roundsQueueBacklogAlertThreshold for 15 minutes: the drain is behind or stopped (a stopped drain emits no app metric). docs/runbooks/reading-the-alerts.md#the-rounds-drain-falling-behind'
    severity: 2
    metricName: 'ActiveMessages'
    // The smallest count of the window: a burst the drain clears does not fire.
    aggregation: 'Minimum'
    threshold: roundsQueueBacklogAlertThreshold
  }
]

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: logAnalyticsName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource logRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in logAlerts: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: alertsEnabled
      scopes: [
        logAnalytics.id
      ]
      evaluationFrequency: rule.evaluation.evaluationFrequency
      windowSize: rule.evaluation.windowSize
      autoMitigate: rule.evaluation.autoMitigate
      muteActionsDuration: rule.evaluation.?muteActionsDuration
      // A new workspace has no AppMetrics table until the first telemetry arrives.
      skipQueryValidation: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: rule.aggregation
            metricMeasureColumn: rule.measure
            operator: 'GreaterThan'
            threshold: rule.threshold
            dimensions: [
              for dimension in rule.dimensions: {
                name: dimension
                operator: 'Include'
                values: [
                  '*'
                ]
              }
            ]
            failingPeriods: oneOfOne
          }
        ]
      }
      actions: {
        actionGroups: logActionGroups
      }
    }
  }
]

resource metricRules 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for rule in metricAlertRules: {
    name: '${namePrefix}-${rule.name}'
    location: 'global'
    tags: tags
    properties: {
      description: '${rule.displayName}. ${rule.description}'
      severity: rule.severity
      enabled: alertsEnabled
      scopes: [
        serviceBus.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      autoMitigate: true
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: rule.metricName
            metricNamespace: 'Microsoft.ServiceBus/namespaces'
            metricName: rule.metricName
            dimensions: [
              {
                name: 'EntityName'
                operator: 'Include'
                values: [
                  roundsQueueName
                ]
              }
            ]
            operator: 'GreaterThan'
            threshold: rule.threshold
            timeAggregation: rule.aggregation
          }
        ]
      }
      actions: metricActions
    }
  }
]

@description('Names of the alert rules.')
output ruleNames array = concat(
  map(logAlerts, rule => '${namePrefix}-${rule.name}'),
  map(metricAlertRules, rule => '${namePrefix}-${rule.name}')
)
