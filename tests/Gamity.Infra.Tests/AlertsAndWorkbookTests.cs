using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Gamity.Infra.Tests.CompiledTemplate;

namespace Gamity.Infra.Tests;

/// <summary>
/// The alert rules and the operations workbook in the compiled template (issue #12 part 3, ADR 0014): every
/// required alert exists, queries the metric it is about, notifies the action group parameter, takes its threshold
/// from a parameter, and names the runbook section that explains it; the workbook shows what the issue asks for.
/// </summary>
public sealed partial class AlertsAndWorkbookTests
{
    private const string Runbook = "docs/runbooks/reading-the-alerts.md";

    /// <summary>Log search alerts: rule name → the metrics its AppMetrics query must name.</summary>
    public static TheoryData<string, string[]> RequiredLogAlerts() => new()
    {
        { "wallet-failed", ["gamity.wallet.failed"] },
        { "wallet-open-too-long", ["gamity.wallet.open.age"] },
        { "wallet-stalled", ["gamity.wallet.stalled"] },
        { "rounds-rejected", ["gamity.rounds.rejected"] },
        { "catalog-sync-not-applied", ["gamity.catalog.sync.runs"] },
        { "active-games-stale", ["gamity.active_games.refreshes", "gamity.active_games.snapshot.age"] },
        { "rounds-drain-behind", ["gamity.rounds.drain.message_age"] },
    };

    /// <summary>Platform metric alerts on the Service Bus namespace: rule name → metric.</summary>
    public static TheoryData<string, string> RequiredMetricAlerts() => new()
    {
        { "rounds-dead-lettered", "DeadletteredMessages" },
        { "rounds-queue-backlog", "ActiveMessages" },
    };

    /// <summary>Rules whose threshold is a parameter of main.bicep: rule → parameter, its default.</summary>
    public static TheoryData<string, string, int> ParameterThresholds() => new()
    {
        { "wallet-open-too-long", "walletOpenAgeAlertMinutes", 30 },
        { "rounds-drain-behind", "roundsDrainMessageAgeAlertMinutes", 5 },
        { "active-games-stale", "activeGamesStaleAlertMinutes", 15 },
        { "rounds-queue-backlog", "roundsQueueBacklogAlertThreshold", 1000 },
    };

    [Theory]
    [MemberData(nameof(RequiredLogAlerts))]
    public async Task Log_alert_exists_and_queries_its_metric_in_AppMetrics(string rule, string[] metrics)
    {
        var (module, rules) = await LogRulesAsync();
        var definition = Rule(rules, rule);

        var query = Text(definition["query"]);
        Assert.StartsWith("AppMetrics\n", query, StringComparison.Ordinal);
        foreach (var metric in metrics)
        {
            Assert.Contains($"'{metric}'", query, StringComparison.Ordinal);
        }

        // The rule measures a column the query produces and splits by columns the query produces.
        var measure = Text(definition["measure"]);
        Assert.Matches($@"\b{measure} = ", query);
        Assert.Contains(Text(definition["aggregation"]), new[] { "Total", "Maximum" });
        foreach (var dimension in definition["dimensions"]!.AsArray().Select(Text))
        {
            Assert.Matches($@"\bby\b[^\n]*\b{dimension}\b", query);
        }

        var evaluation = Resolve(module, definition["evaluation"]);
        Assert.Equal("PT5M", Text(evaluation?["evaluationFrequency"]));
        Assert.NotNull(evaluation?["windowSize"]);
    }

    [Fact]
    public async Task Log_alerts_are_scheduled_query_rules_on_the_workspace_built_from_their_definitions()
    {
        var (module, rules) = await LogRulesAsync();
        var resource = Resources(module.Template).Single(r => Type(r) == "Microsoft.Insights/scheduledQueryRules");

        Assert.Equal("LogAlert", Text(resource["kind"]));
        Assert.Equal(rules.Count, RequiredLogAlerts().Count);
        var properties = resource["properties"]!;
        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))]",
            Text(properties["scopes"]?[0]));
        var criterion = properties["criteria"]!["allOf"]![0]!;
        Assert.Equal("[variables('logAlerts')[copyIndex()].query]", Text(criterion["query"]));
        Assert.Equal("[variables('logAlerts')[copyIndex()].threshold]", Text(criterion["threshold"]));
        Assert.Equal("[variables('logAlerts')[copyIndex()].measure]", Text(criterion["metricMeasureColumn"]));
        Assert.Equal("GreaterThan", Text(criterion["operator"]));
        Assert.Equal("[variables('logAlerts')[copyIndex()].description]", Text(properties["description"]));
        Assert.Equal("[parameters('alertsEnabled')]", Text(properties["enabled"]));

        // The workspace is the app's: main.bicep passes the monitoring module's workspace name.
        Assert.Equal("[variables('names').logAnalytics]", Text(module.Deployment["properties"]?["parameters"]?["logAnalyticsName"]?["value"]));
    }

    [Theory]
    [MemberData(nameof(RequiredMetricAlerts))]
    public async Task Metric_alert_watches_the_rounds_queue(string rule, string metric)
    {
        var root = await JsonAsync();
        var (module, rules) = await MetricRulesAsync();
        var definition = Rule(rules, rule);
        Assert.Equal(metric, Text(definition["metricName"]));

        var resource = Resources(module.Template).Single(r => Type(r) == "Microsoft.Insights/metricAlerts");
        var properties = resource["properties"]!;
        Assert.Equal("global", Text(resource["location"]));
        Assert.Equal("[resourceId('Microsoft.ServiceBus/namespaces', parameters('serviceBusNamespaceName'))]", Text(properties["scopes"]?[0]));
        Assert.True(properties["autoMitigate"]?.GetValue<bool>());
        var criterion = properties["criteria"]!["allOf"]![0]!;
        Assert.Equal("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", Text(properties["criteria"]!["odata.type"]));
        Assert.Equal("[variables('metricAlertRules')[copyIndex()].metricName]", Text(criterion["metricName"]));
        Assert.Equal("Microsoft.ServiceBus/namespaces", Text(criterion["metricNamespace"]));
        Assert.Equal("GreaterThan", Text(criterion["operator"]));

        // Only the rounds queue: dimension EntityName = the roundsQueueName parameter ('rounds').
        var dimension = criterion["dimensions"]!.AsArray().Single()!;
        Assert.Equal("EntityName", Text(dimension["name"]));
        Assert.Equal("Include", Text(dimension["operator"]));
        Assert.Equal("[parameters('roundsQueueName')]", Text(dimension["values"]?[0]));
        Assert.Equal("rounds", Text(ParameterValue(root, module, "roundsQueueName")));
        Assert.Equal("[variables('names').serviceBus]", Text(module.Deployment["properties"]?["parameters"]?["serviceBusNamespaceName"]?["value"]));
    }

    [Fact]
    public async Task Dead_lettered_rounds_fire_on_any_message_in_the_dead_letter_queue()
    {
        var (_, rules) = await MetricRulesAsync();
        var rule = Rule(rules, "rounds-dead-lettered");

        Assert.Equal(0, rule["threshold"]?.GetValue<int>());
        Assert.Equal("Maximum", Text(rule["aggregation"]));
    }

    [Fact]
    public async Task Every_alert_notifies_the_action_group_parameter()
    {
        var root = await JsonAsync();
        var (module, _) = await LogRulesAsync();
        var variables = module.Template["variables"]!;

        var logRule = Resources(module.Template).Single(r => Type(r) == "Microsoft.Insights/scheduledQueryRules");
        Assert.Equal("[variables('logActionGroups')]", Text(logRule["properties"]?["actions"]?["actionGroups"]));
        Assert.Equal("[if(empty(parameters('actionGroupId')), createArray(), createArray(parameters('actionGroupId')))]",
            Text(variables["logActionGroups"]));

        var metricRule = Resources(module.Template).Single(r => Type(r) == "Microsoft.Insights/metricAlerts");
        Assert.Equal("[variables('metricActions')]", Text(metricRule["properties"]?["actions"]));
        Assert.Equal("[if(empty(parameters('actionGroupId')), createArray(), createArray(createObject('actionGroupId', parameters('actionGroupId'))))]",
            Text(variables["metricActions"]));

        // From main.bicep, optional: empty = the rules fire without notifying anyone.
        Assert.Equal("[parameters('actionGroupId')]", Text(module.Deployment["properties"]?["parameters"]?["actionGroupId"]?["value"]));
        Assert.Equal("", Text(root["parameters"]?["actionGroupId"]?["defaultValue"]));
        Assert.NotNull(root["parameters"]?["actionGroupId"]?["metadata"]?["description"]);
        Assert.True(root["parameters"]?["alertsEnabled"]?["defaultValue"]?.GetValue<bool>());

        // azd fills it from the environment (unset = empty).
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")))!;
        Assert.Equal("${GAMITY_ALERTS_ACTION_GROUP_ID}", Text(file["parameters"]?["actionGroupId"]?["value"]));
    }

    [Theory]
    [MemberData(nameof(ParameterThresholds))]
    public async Task Threshold_is_a_main_parameter(string rule, string parameter, int defaultValue)
    {
        var root = await JsonAsync();
        var (logModule, logRules) = await LogRulesAsync();
        var (metricModule, metricRules) = await MetricRulesAsync();
        var module = logRules.Any(r => Text(r["name"]) == rule) ? logModule : metricModule;
        var definition = Rule(logRules.Concat(metricRules).ToList(), rule);

        Assert.Equal($"[parameters('{parameter}')]", Text(definition["threshold"]));
        Assert.Equal($"[parameters('{parameter}')]", Text(module.Deployment["properties"]?["parameters"]?[parameter]?["value"]));
        Assert.Equal(defaultValue, ParameterValue(root, module, parameter)?.GetValue<int>());
        Assert.Equal("int", Text(root["parameters"]?[parameter]?["type"]));
        Assert.NotNull(root["parameters"]?[parameter]?["metadata"]?["description"]);
    }

    [Fact]
    public async Task Counted_events_fire_on_any_and_notify_once_conditions_resolve_themselves()
    {
        var (module, rules) = await LogRulesAsync();

        foreach (var rule in new[] { "wallet-failed", "wallet-stalled", "rounds-rejected", "catalog-sync-not-applied" })
        {
            var definition = Rule(rules, rule);
            Assert.Equal(0, definition["threshold"]?.GetValue<int>());
            Assert.Equal("Total", Text(definition["aggregation"]));
            var evaluation = Resolve(module, definition["evaluation"])!;
            Assert.False(evaluation["autoMitigate"]?.GetValue<bool>(), rule);
            Assert.Equal(Text(evaluation["windowSize"]), Text(evaluation["muteActionsDuration"]));
        }

        foreach (var rule in new[] { "wallet-open-too-long", "active-games-stale", "rounds-drain-behind" })
        {
            var evaluation = Resolve(module, Rule(rules, rule)["evaluation"])!;
            Assert.True(evaluation["autoMitigate"]?.GetValue<bool>(), rule);
            Assert.Null(evaluation["muteActionsDuration"]);
        }

        // A Failed operation is the one that needs a person soonest.
        Assert.Equal(1, Rule(rules, "wallet-failed")["severity"]?.GetValue<int>());
        Assert.Contains("'Refused'", Text(Rule(rules, "catalog-sync-not-applied")["query"]), StringComparison.Ordinal);
        Assert.Contains("'Failed'", Text(Rule(rules, "catalog-sync-not-applied")["query"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_alert_description_links_a_section_of_the_reading_the_alerts_runbook()
    {
        var (_, logRules) = await LogRulesAsync();
        var (_, metricRules) = await MetricRulesAsync();
        var runbook = File.ReadAllText(RepoPaths.InRoot("docs", "runbooks", "reading-the-alerts.md"));
        var anchors = Heading().Matches(runbook).Select(m => Anchor(m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

        foreach (var rule in logRules.Concat(metricRules))
        {
            var description = Text(rule["description"]);
            var link = Regex.Match(description, Regex.Escape(Runbook) + "#([a-z0-9-]+)");
            Assert.True(link.Success, $"{Text(rule["name"])}: the description does not name {Runbook}#<section>: {description}");
            Assert.True(anchors.Contains(link.Groups[1].Value), $"{Text(rule["name"])}: {Runbook} has no section #{link.Groups[1].Value}");
        }
    }

    [Fact]
    public async Task Workbook_shows_rounds_wallet_outcomes_and_latency_and_sync_history()
    {
        var root = await JsonAsync();
        var (module, workbook) = AllResources(root).Single(r => Type(r.Resource) == "Microsoft.Insights/workbooks");

        Assert.Equal("shared", Text(workbook["kind"]));
        Assert.Contains("Microsoft.OperationalInsights/workspaces", Text(workbook["properties"]?["sourceId"]), StringComparison.Ordinal);
        var serialized = Text(Resolve(module, workbook["properties"]?["serializedData"]));
        var content = JsonNode.Parse(serialized)!;
        Assert.Equal("Notebook/1.0", Text(content["version"]));

        var queries = FindProperties(content, "query").Select(Text).ToList();
        Assert.NotEmpty(queries);
        foreach (var metric in new[]
                 {
                     "gamity.rounds.forwarded", "gamity.rounds.filtered_out", "gamity.rounds.invalid", "gamity.rounds.rejected",
                     "gamity.wallet.operations", "gamity.wallet.call.duration", "gamity.catalog.sync.runs", "gamity.catalog.sync.duration",
                 })
        {
            Assert.True(queries.Any(q => q.Contains($"'{metric}'", StringComparison.Ordinal)), $"No workbook query names {metric}.");
        }

        // Rounds per second, not per bin; latency average from the histogram's Sum/ItemCount, and its Max.
        Assert.Contains(queries, q => q.Contains("'gamity.rounds.forwarded'", StringComparison.Ordinal) && q.Contains("/ 1s)", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("'gamity.wallet.call.duration'", StringComparison.Ordinal) && q.Contains("sum(Sum) / sum(ItemCount)", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("'gamity.wallet.call.duration'", StringComparison.Ordinal) && q.Contains("max(Max)", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("'gamity.wallet.operations'", StringComparison.Ordinal) && q.Contains("Properties.state", StringComparison.Ordinal));

        // Every query item reads the workspace over the workbook's time range.
        foreach (var item in FindProperties(content, "items").OfType<JsonArray>().SelectMany(a => a).OfType<JsonObject>()
                     .Where(i => i["type"]?.GetValue<int>() == 3))
        {
            Assert.Equal("microsoft.operationalinsights/workspaces", Text(item["content"]?["resourceType"]));
            Assert.Equal("TimeRange", Text(item["content"]?["timeContextFromParameter"]));
            Assert.StartsWith("AppMetrics\n", Text(item["content"]?["query"]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_metric_the_alerts_and_the_workbook_name_is_one_the_app_emits()
    {
        var root = await JsonAsync();
        var (_, logRules) = await LogRulesAsync();
        var (module, workbook) = AllResources(root).Single(r => Type(r.Resource) == "Microsoft.Insights/workbooks");
        var texts = logRules.Select(r => Text(r["query"]))
            .Append(Text(Resolve(module, workbook["properties"]?["serializedData"])));

        var separator = Path.DirectorySeparatorChar;
        var emitted = Directory.EnumerateFiles(RepoPaths.InRoot("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .SelectMany(f => EmittedName().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("gamity.wallet.failed", emitted);

        var named = texts.SelectMany(t => QueriedName().Matches(t).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.True(emitted.Contains(name), $"{name} is queried but no instrument in src/ has that name."));
    }

    private static async Task<(Module Module, List<JsonObject> Rules)> LogRulesAsync() =>
        RulesOf(await JsonAsync(), "Microsoft.Insights/scheduledQueryRules");

    private static async Task<(Module Module, List<JsonObject> Rules)> MetricRulesAsync() =>
        RulesOf(await JsonAsync(), "Microsoft.Insights/metricAlerts");

    /// <summary>The rule definitions a looped alert resource is built from: the variable its copy loop iterates, element by element.</summary>
    private static (Module Module, List<JsonObject> Rules) RulesOf(JsonObject root, string type)
    {
        var (module, resource) = AllResources(root).Single(r => Type(r.Resource) == type);
        var count = Text(resource["copy"]?["count"]);
        var loop = LoopVariable().Match(count);
        Assert.True(loop.Success, $"{type} should loop over a variable of rule definitions, its copy count is {count}");
        var rules = module.Template["variables"]![loop.Groups[1].Value]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal($"[format('{{0}}-{{1}}', parameters('namePrefix'), variables('{loop.Groups[1].Value}')[copyIndex()].name)]", Text(resource["name"]));
        return (module, rules);
    }

    private static JsonObject Rule(List<JsonObject> rules, string name)
    {
        var matches = rules.Where(r => Text(r["name"]) == name).ToList();
        Assert.True(matches.Count == 1, $"Alert rule '{name}' not found (rules: {string.Join(", ", rules.Select(r => Text(r["name"])))}).");
        return matches[0];
    }

    /// <summary>A value, following one "[variables('x')]" reference in the module's template.</summary>
    private static JsonNode? Resolve(Module module, JsonNode? node)
    {
        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (text is not null && VariableOnly().Match(text) is { Success: true } m)
        {
            return module.Template["variables"]?[m.Groups[1].Value];
        }

        return node;
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    /// <summary>GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string Anchor(string heading) =>
        Regex.Replace(Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd} _-]", ""), " ", "-");

    [GeneratedRegex(@"^\[length\(variables\('([A-Za-z0-9_]+)'\)\)\]$")]
    private static partial Regex LoopVariable();

    [GeneratedRegex(@"^\[variables\('([A-Za-z0-9_$#]+)'\)\]$")]
    private static partial Regex VariableOnly();

    [GeneratedRegex(@"^## (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"""(gamity\.[a-z0-9_.]+)""")]
    private static partial Regex EmittedName();

    [GeneratedRegex(@"'(gamity\.[a-z0-9_.]*[a-z0-9_])'")]
    private static partial Regex QueriedName();
}
