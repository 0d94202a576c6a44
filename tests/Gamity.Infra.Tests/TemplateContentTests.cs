using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Gamity.Infra.Tests.CompiledTemplate;

namespace Gamity.Infra.Tests;

/// <summary>What the compiled ARM template (bicep build infra/main.bicep) must contain.</summary>
public sealed partial class TemplateContentTests
{
    private static readonly string[] SecretSettings =
    [
        "Gamity__ApiKey",
        "Inbound__ApiKeys__0",
        "Admin__ApiKey",
        "PlayerTokens__SigningKey",
        "PlayerTokens__CallerApiKeys__0",
    ];

    private static readonly string[] RequiredSettings =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "Gamity__BaseUrl",
        "Gamity__IntegrationId",
        "Gamity__ApiKey",
        "Catalog__Source",
        "Catalog__BaseUrl",
        "Catalog__FilePath",
        "Schedules__SyncOperatorsAndBrands",
        "Schedules__SyncGames",
        "Schedules__RefreshActiveGames",
        "Schedules__ForwardRounds",
        "Schedules__PurgeWalletHistory",
        "Schedules__SweepStalledWalletOperations",
        "Schedules__WriteReconciliationReport",
        "Retention__OrchestrationHistory",
        "Retention__ClaimRecords",
        "Sync__MaxDisableFraction",
        "ActiveGames__StaleAfter",
        "Rounds__QueueName",
        "ServiceBus__fullyQualifiedNamespace",
        "ServiceBus__credential",
        "ServiceBus__clientId",
        "Inbound__ApiKeys__0",
        "Admin__ApiKey",
        "Wallet__BaseUrl",
        "Wallet__MaxAmount",
        "PlayerTokens__SigningKey",
        "PlayerTokens__CallerApiKeys__0",
        "PlayerTokens__Algorithm",
        "PlayerTokens__TestMode",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "AZURE_CLIENT_ID",
    ];

    // Built-in role definition ids (same in every tenant).
    public static TheoryData<string, string, string> RequiredRoles() => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts" },
        { "Azure Service Bus Data Receiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Microsoft.ServiceBus/namespaces" },
        { "Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components" },
    };

    [Fact]
    public async Task Flex_consumption_plan_runs_the_dotnet_isolated_worker()
    {
        var root = await JsonAsync();

        var plans = AllResources(root).Where(r => Type(r.Resource) == "Microsoft.Web/serverfarms").ToList();
        Assert.Contains(plans, p => Str(p.Resource["sku"]?["name"]) == "FC1" && Str(p.Resource["sku"]?["tier"]) == "FlexConsumption");

        var flexSites = AllResources(root)
            .Where(r => Type(r.Resource) == "Microsoft.Web/sites" && !IsExisting(r.Resource)
                        && r.Resource["properties"]?["functionAppConfig"] is not null)
            .ToList();
        var (module, site) = Assert.Single(flexSites);
        Assert.Equal("functionapp,linux", Str(site["kind"]));
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", Str(config["runtime"]?["name"]));
        Assert.Equal("10.0", Str(config["runtime"]?["version"]));

        var storage = config["deployment"]?["storage"];
        Assert.Equal("blobContainer", Str(storage?["type"]));
        Assert.Equal("UserAssignedIdentity", Str(storage?["authentication"]?["type"]));
        Assert.NotNull(storage?["authentication"]?["userAssignedIdentityResourceId"]);

        // Memory and maximum instance count are parameters that reach the module.
        Assert.Equal("[parameters('instanceMemoryMB')]", Str(config["scaleAndConcurrency"]?["instanceMemoryMB"]));
        Assert.Equal("[parameters('maximumInstanceCount')]", Str(config["scaleAndConcurrency"]?["maximumInstanceCount"]));
        Assert.Equal(2048, ParameterValue(root, module, "instanceMemoryMB")?.GetValue<int>());
        Assert.NotNull(root["parameters"]?["instanceMemoryMB"]);
        Assert.NotNull(root["parameters"]?["maximumInstanceCount"]);

        // Flex takes the runtime from functionAppConfig and rejects FUNCTIONS_WORKER_RUNTIME as a setting.
        var common = AppSettingsModule(root).Template["variables"]?["commonSettings"]?.AsObject();
        Assert.NotNull(common);
        Assert.False(common.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(common.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
        Assert.False(common.ContainsKey("WEBSITE_RUN_FROM_PACKAGE"));
    }

    [Fact]
    public async Task Hosting_plan_defaults_to_flex_and_premium_is_a_parameter()
    {
        var root = await JsonAsync();

        var hostingPlan = root["parameters"]?["hostingPlan"];
        Assert.Equal("FlexConsumption", Str(hostingPlan?["defaultValue"]));
        var allowed = hostingPlan?["allowedValues"]?.AsArray().Select(Str).ToList();
        Assert.Equal(["FlexConsumption", "Premium"], allowed);

        var premiumPlan = AllResources(root).Single(r =>
            Type(r.Resource) == "Microsoft.Web/serverfarms" && Str(r.Resource["sku"]?["tier"]) == "ElasticPremium");
        Assert.Equal("EP1", Str(ParameterValue(root, premiumPlan.Module, "sku")));
        Assert.Equal("elastic", Str(premiumPlan.Resource["kind"]));

        var premiumSite = Resources(premiumPlan.Module.Template).Single(r => Type(r) == "Microsoft.Web/sites");
        Assert.NotNull(premiumSite["properties"]?["siteConfig"]?["linuxFxVersion"]);
        Assert.Null(premiumSite["properties"]?["functionAppConfig"]);
        // The isolated worker stack, a parameter (premiumLinuxFxVersion) whose default reaches the site.
        Assert.Equal("DOTNET-ISOLATED|10.0", Str(Value(root, premiumPlan.Module, premiumSite["properties"]?["siteConfig"]?["linuxFxVersion"])));
        Assert.Equal("DOTNET-ISOLATED|10.0", Str(root["parameters"]?["premiumLinuxFxVersion"]?["defaultValue"]));
        // The plan's minimum instances keep the ForwardRounds timer warm on Premium (no per-function always-ready there).
        Assert.True(Value(root, premiumPlan.Module, premiumSite["properties"]?["siteConfig"]?["minimumElasticInstanceCount"])?.GetValue<int>() >= 1);

        var premiumSettings = AppSettingsModule(root).Template["variables"]?["premiumSettings"]?.AsObject();
        Assert.NotNull(premiumSettings);
        Assert.Equal("dotnet-isolated", Str(premiumSettings["FUNCTIONS_WORKER_RUNTIME"]));
        Assert.Equal("~4", Str(premiumSettings["FUNCTIONS_EXTENSION_VERSION"]));
        Assert.NotNull(premiumSettings["WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID"]);
    }

    [Fact]
    public async Task Flex_keeps_an_always_ready_instance_for_the_forward_rounds_drain()
    {
        var root = await JsonAsync();
        var (module, site) = AllResources(root).Single(r =>
            Type(r.Resource) == "Microsoft.Web/sites" && !IsExisting(r.Resource) && r.Resource["properties"]?["functionAppConfig"] is not null);

        // alwaysReady = [ { name: 'function:ForwardRounds', instanceCount: <parameter> } ], or [] when the parameter is 0.
        var alwaysReady = Str(site["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]?["alwaysReady"]);
        Assert.NotNull(alwaysReady);
        var expression = VariableReferenceOnly().Match(alwaysReady) is { Success: true } v
            ? Str(module.Template["variables"]?[v.Groups[1].Value])
            : alwaysReady;
        Assert.NotNull(expression);
        Assert.Contains("createObject('name', 'function:ForwardRounds', 'instanceCount', parameters('forwardRoundsAlwaysReadyInstances'))", expression, StringComparison.Ordinal);
        Assert.Contains("if(greater(parameters('forwardRoundsAlwaysReadyInstances'), 0), ", expression, StringComparison.Ordinal);
        Assert.EndsWith(", createArray())]", expression, StringComparison.Ordinal);

        // Default 1, 0 allowed (off), set from main.bicep.
        Assert.Equal(1, ParameterValue(root, module, "forwardRoundsAlwaysReadyInstances")?.GetValue<int>());
        var parameter = root["parameters"]?["forwardRoundsAlwaysReadyInstances"];
        Assert.Equal(1, parameter?["defaultValue"]?.GetValue<int>());
        Assert.Equal(0, parameter?["minValue"]?.GetValue<int>());
        Assert.Equal("[parameters('forwardRoundsAlwaysReadyInstances')]",
            Str(module.Deployment["properties"]?["parameters"]?["forwardRoundsAlwaysReadyInstances"]?["value"]));

        // The timer the instance is kept for, with its schedule parameter (every 5 s by default).
        var common = AppSettingsModule(root).Template["variables"]?["commonSettings"];
        Assert.Equal("[parameters('scheduleForwardRounds')]", Str(common?["Schedules__ForwardRounds"]));
        Assert.Equal("*/5 * * * * *", Str(root["parameters"]?["scheduleForwardRounds"]?["defaultValue"]));
    }

    [Fact]
    public async Task Platform_cors_allows_the_widget_origins_on_both_plans()
    {
        var root = await JsonAsync();

        var sites = AllResources(root).Where(r => Type(r.Resource) == "Microsoft.Web/sites" && !IsExisting(r.Resource)).ToList();
        Assert.Equal(2, sites.Count);
        foreach (var (module, site) in sites)
        {
            var cors = site["properties"]?["siteConfig"]?["cors"];
            Assert.NotNull(cors);
            Assert.False(cors["supportCredentials"]?.GetValue<bool>());

            // allowedOrigins is the module parameter main.bicep fills from widgetAllowedOrigins.
            var origins = Str(cors["allowedOrigins"]);
            Assert.NotNull(origins);
            var parameter = ParameterOnly().Match(origins);
            Assert.True(parameter.Success, $"{module.Path}: siteConfig.cors.allowedOrigins should be a parameter, was {origins}");
            Assert.Equal("[parameters('widgetAllowedOrigins')]",
                Str(module.Deployment["properties"]?["parameters"]?[parameter.Groups[1].Value]?["value"]));
        }

        Assert.Equal("array", Str(root["parameters"]?["widgetAllowedOrigins"]?["type"]));
    }

    [Fact]
    public async Task Nothing_is_left_of_the_custom_handler()
    {
        var text = (await BuildResultAsync()).Result.StandardOutput;

        Assert.DoesNotContain("'custom'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"custom\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FUNCTIONS_CUSTOMHANDLER_PORT", text, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Infra, "*.bicep", SearchOption.AllDirectories))
        {
            var source = File.ReadAllText(file);
            foreach (var remnant in new[] { "custom handler", "self-contained", "'custom'", "`custom`" })
            {
                Assert.False(source.Contains(remnant, StringComparison.OrdinalIgnoreCase),
                    $"{Path.GetRelativePath(RepoPaths.Root, file)} still mentions {remnant}.");
            }
        }
    }

    [Fact]
    public async Task Rounds_queue_dead_letters_and_has_the_agreed_limits()
    {
        var root = await JsonAsync();

        var (module, queue) = AllResources(root).Single(r => Type(r.Resource) == "Microsoft.ServiceBus/namespaces/queues");
        Assert.Equal("rounds", Str(root["parameters"]?["roundsQueueName"]?["defaultValue"]));
        Assert.Equal("rounds", Str(ParameterValue(root, module, "roundsQueueName")));

        var properties = queue["properties"]!;
        Assert.True(properties["deadLetteringOnMessageExpiration"]?.GetValue<bool>());
        Assert.Equal(10, Value(root, module, properties["maxDeliveryCount"])?.GetValue<int>());
        Assert.Equal("PT5M", Str(Value(root, module, properties["lockDuration"])));

        var ns = Resources(module.Template).Single(r => Type(r) == "Microsoft.ServiceBus/namespaces");
        Assert.Equal("Standard", Str(ns["sku"]?["name"]));
        Assert.True(ns["properties"]?["disableLocalAuth"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Function_app_uses_a_user_assigned_identity()
    {
        var root = await JsonAsync();

        Assert.Contains(AllResources(root), r =>
            Type(r.Resource) == "Microsoft.ManagedIdentity/userAssignedIdentities" && !IsExisting(r.Resource));

        var sites = AllResources(root)
            .Where(r => Type(r.Resource) == "Microsoft.Web/sites" && !IsExisting(r.Resource))
            .Select(r => r.Resource)
            .ToList();
        Assert.Equal(2, sites.Count); // Flex and Premium variants, one deployed per hostingPlan.
        foreach (var site in sites)
        {
            Assert.Equal("UserAssigned", Str(site["identity"]?["type"]));
            Assert.Single(site["identity"]!["userAssignedIdentities"]!.AsObject());
            Assert.NotNull(site["properties"]?["keyVaultReferenceIdentity"]);
            Assert.True(site["properties"]?["httpsOnly"]?.GetValue<bool>());
        }
    }

    [Theory]
    [MemberData(nameof(RequiredRoles))]
    public async Task Identity_has_role(string roleName, string roleDefinitionId, string scopeType)
    {
        var root = await JsonAsync();

        var assignments = AllResources(root)
            .Where(r => Type(r.Resource) == "Microsoft.Authorization/roleAssignments")
            .Where(r => RoleIds(r.Module.Template, r.Resource).Contains(roleDefinitionId))
            .ToList();
        Assert.True(assignments.Count > 0, $"No role assignment grants {roleName} ({roleDefinitionId}).");

        Assert.Contains(assignments, a =>
            ScopeType(a.Resource) == scopeType
            && Str(a.Resource["properties"]?["principalType"]) == "ServicePrincipal"
            && (Str(a.Resource["properties"]?["principalId"]) ?? "").Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal));
    }

    [Fact]
    public async Task All_app_settings_the_app_reads_are_set()
    {
        var root = await JsonAsync();
        var module = AppSettingsModule(root);

        var missing = RequiredSettings.Where(s => !SettingKeys(module.Template).Contains(s)).ToList();
        Assert.True(missing.Count == 0, "App settings not set by infra: " + string.Join(", ", missing));

        var config = Resources(module.Template).Single(r => Type(r) == "Microsoft.Web/sites/config");
        Assert.Contains("appsettings", Str(config["name"]), StringComparison.Ordinal);
        Assert.Contains("commonSettings", Str(config["properties"]), StringComparison.Ordinal);
        Assert.Contains("optionalSettings", Str(config["properties"]), StringComparison.Ordinal);
        var common = module.Template["variables"]!["commonSettings"]!;
        Assert.Equal("managedidentity", Str(common["AzureWebJobsStorage__credential"]));
        Assert.Equal("managedidentity", Str(common["ServiceBus__credential"]));
        Assert.Equal(Str(common["AZURE_CLIENT_ID"]), Str(common["ServiceBus__clientId"]));
        Assert.Equal(Str(common["AZURE_CLIENT_ID"]), Str(common["AzureWebJobsStorage__clientId"]));

        // The drain's Service Bus connection and queue stay where the app reads them.
        Assert.Equal("[parameters('serviceBusFullyQualifiedNamespace')]", Str(common["ServiceBus__fullyQualifiedNamespace"]));
        Assert.Equal("[parameters('roundsQueueName')]", Str(common["Rounds__QueueName"]));

        // Wallet__MaxAmount is optional: left out when its parameter is empty (the app's default applies).
        Assert.Contains("if(empty(parameters('walletMaxAmount')), createObject(), createObject('Wallet__MaxAmount', parameters('walletMaxAmount')))",
            Str(module.Template["variables"]!["optionalSettings"]), StringComparison.Ordinal);
        Assert.Equal("", Str(root["parameters"]?["walletMaxAmount"]?["defaultValue"]));
        Assert.False(common.AsObject().ContainsKey("Wallet__MaxAmount"));
    }

    [Fact]
    public async Task Secret_settings_are_key_vault_references()
    {
        var root = await JsonAsync();
        var common = AppSettingsModule(root).Template["variables"]?["commonSettings"]?.AsObject();
        Assert.NotNull(common);

        foreach (var name in SecretSettings)
        {
            var value = Str(common[name]);
            Assert.True(value is not null && value.Contains("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal),
                $"{name} must be a Key Vault reference, was: {value}");
        }

        // The identity resolving the references is the user-assigned one.
        Assert.All(
            AllResources(root).Where(r => Type(r.Resource) == "Microsoft.Web/sites" && !IsExisting(r.Resource)),
            s => Assert.Equal("[parameters('identityId')]", Str(s.Resource["properties"]?["keyVaultReferenceIdentity"])));

        var vault = AllResources(root).Single(r => Type(r.Resource) == "Microsoft.KeyVault/vaults").Resource;
        Assert.True(vault["properties"]?["enableRbacAuthorization"]?.GetValue<bool>());
        Assert.True(vault["properties"]?["enableSoftDelete"]?.GetValue<bool>());
        Assert.NotNull(vault["properties"]?["enablePurgeProtection"]);
        Assert.NotNull(root["parameters"]?["keyVaultEnablePurgeProtection"]);

        // Templates never carry secret values.
        Assert.DoesNotContain(AllResources(root), r => Type(r.Resource) == "Microsoft.KeyVault/vaults/secrets");
    }

    [Fact]
    public async Task No_keys_or_connection_strings_anywhere()
    {
        var root = await JsonAsync();
        var text = (await BuildResultAsync()).Result.StandardOutput; // raw compiler output, nothing escaped

        foreach (var forbidden in new[] { "AccountKey=", "listKeys(", "listkeys(", "SharedAccessKey", "DefaultEndpointsProtocol", "listConnectionStrings(" })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.Ordinal);
        }

        var keys = SettingKeys(AppSettingsModule(root).Template);
        foreach (var forbiddenSetting in new[]
                 {
                     "AzureWebJobsStorage", "AzureWebJobsServiceBus", "ServiceBus", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
                     "WEBSITE_CONTENTSHARE", "APPINSIGHTS_INSTRUMENTATIONKEY",
                 })
        {
            Assert.DoesNotContain(forbiddenSetting, keys);
        }

        var storage = AllResources(root).Single(r => Type(r.Resource) == "Microsoft.Storage/storageAccounts" && !IsExisting(r.Resource)).Resource;
        Assert.False(storage["properties"]?["allowSharedKeyAccess"]?.GetValue<bool>());
        Assert.False(storage["properties"]?["allowBlobPublicAccess"]?.GetValue<bool>());
        Assert.Equal("TLS1_2", Str(storage["properties"]?["minimumTlsVersion"]));

        Assert.Contains(AllResources(root), r =>
            Type(r.Resource) == "Microsoft.Storage/storageAccounts/blobServices/containers");
    }

    [Fact]
    public async Task Monitoring_is_workspace_based()
    {
        var root = await JsonAsync();

        Assert.Contains(AllResources(root), r => Type(r.Resource) == "Microsoft.OperationalInsights/workspaces");
        var insights = AllResources(root).Single(r => Type(r.Resource) == "Microsoft.Insights/components").Resource;
        Assert.Contains("Microsoft.OperationalInsights/workspaces", Str(insights["properties"]?["WorkspaceResourceId"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outputs_give_azd_what_it_needs()
    {
        var root = await JsonAsync();
        var outputs = root["outputs"]?.AsObject();
        Assert.NotNull(outputs);

        foreach (var name in new[]
                 {
                     "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "AZURE_FUNCTION_APP_URL",
                     "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_SERVICEBUS_NAMESPACE", "AZURE_KEY_VAULT_NAME",
                 })
        {
            Assert.True(outputs.ContainsKey(name), $"output {name} missing");
        }

        // azd finds the app through this tag.
        Assert.All(
            AllResources(root).Where(r => Type(r.Resource) == "Microsoft.Web/sites" && !IsExisting(r.Resource)),
            s => Assert.Contains("azd-service-name", Str(s.Resource["tags"]), StringComparison.Ordinal));
        Assert.Equal("subscriptionDeploymentTemplate.json#", Str(root["$schema"])!.Split('/')[^1]);
    }

    [Fact]
    public async Task Parameters_file_matches_the_template()
    {
        var root = await JsonAsync();
        var declared = root["parameters"]!.AsObject();
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")))!;
        var given = file["parameters"]!.AsObject();

        foreach (var (name, _) in given)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare.");
        }

        foreach (var (name, definition) in declared)
        {
            if (definition?["defaultValue"] is null)
            {
                Assert.True(given.ContainsKey(name), $"Required parameter '{name}' is missing from main.parameters.json.");
            }
        }
    }

    [Fact]
    public async Task Function_json_setting_references_resolve_to_app_settings()
    {
        var root = await JsonAsync();
        var keys = SettingKeys(AppSettingsModule(root).Template);
        var functionFiles = Directory.EnumerateDirectories(RepoPaths.Root)
            .Select(d => Path.Combine(d, "function.json"))
            .Where(File.Exists)
            .ToList();

        foreach (var file in functionFiles)
        {
            var text = File.ReadAllText(file);
            foreach (Match match in SettingReference().Matches(text))
            {
                Assert.True(keys.Contains(match.Groups[1].Value),
                    $"{Path.GetRelativePath(RepoPaths.Root, file)} uses %{match.Groups[1].Value}% but infra does not set that app setting.");
            }

            // Identity-based connections: "ServiceBus" → ServiceBus__fullyQualifiedNamespace; storage → AzureWebJobsStorage__*.
            foreach (var connection in FindProperties(JsonNode.Parse(text), "connection").Select(Str).Where(c => !string.IsNullOrEmpty(c)))
            {
                Assert.True(
                    connection == "AzureWebJobsStorage" || keys.Any(k => k.StartsWith(connection + "__", StringComparison.Ordinal)),
                    $"{Path.GetRelativePath(RepoPaths.Root, file)} uses connection '{connection}' that infra does not configure.");
            }
        }
    }

    [Fact]
    public async Task Function_attribute_setting_references_resolve_to_app_settings()
    {
        var root = await JsonAsync();
        var keys = SettingKeys(AppSettingsModule(root).Template);
        var separator = Path.DirectorySeparatorChar;
        var sources = Directory.EnumerateFiles(RepoPaths.InRoot("src", "Gamity.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);

        var references = 0;
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);

            // [TimerTrigger("%Schedules:ForwardRounds%")] reads the app setting Schedules__ForwardRounds.
            foreach (Match match in ConfigurationReference().Matches(text))
            {
                references++;
                var setting = match.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal);
                Assert.True(keys.Contains(setting),
                    $"{Path.GetRelativePath(RepoPaths.Root, file)} uses %{match.Groups[1].Value}% but infra does not set {setting}.");
            }

            // Connection = "X": identity-based, X__* (or the host storage).
            foreach (Match match in ConnectionReference().Matches(text))
            {
                var connection = match.Groups[1].Value;
                Assert.True(
                    connection == "AzureWebJobsStorage" || keys.Any(k => k.StartsWith(connection + "__", StringComparison.Ordinal)),
                    $"{Path.GetRelativePath(RepoPaths.Root, file)} uses connection '{connection}' that infra does not configure.");
            }
        }

        Assert.True(references > 0, "No %Section:Key% reference found in src/Gamity.Functions; the pattern no longer matches the code.");
    }

    [Fact]
    public void The_storage_queues_the_functions_listen_on_exist_up_front_with_their_poison_queues()
    {
        // The host's queue listener waits for a missing queue rather than creating it.
        var main = File.ReadAllText(RepoPaths.InRoot("infra", "main.bicep"));
        var queues = main[main.IndexOf("queueNames: [", StringComparison.Ordinal)..];
        queues = queues[..queues.IndexOf(']', StringComparison.Ordinal)];

        foreach (var queue in new[] { "roundsQueueName", "'${roundsQueueName}-poison'" })
        {
            Assert.Contains(queue, queues, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("wallet-operations", main, StringComparison.Ordinal); // the hand-written workflow's queue is gone (ADR 0012)
    }

    [Fact]
    public void Azure_yaml_declares_the_functions_service()
    {
        var text = File.ReadAllText(RepoPaths.InRoot("azure.yaml"));

        Assert.Contains("functions:", text, StringComparison.Ordinal);
        Assert.Contains("host: function", text, StringComparison.Ordinal);
        Assert.Contains("path: infra", text, StringComparison.Ordinal);
        Assert.Contains("project: src/Gamity.Functions", text, StringComparison.Ordinal);
        Assert.Contains("language: dotnet", text, StringComparison.Ordinal);
    }

    private static Module AppSettingsModule(JsonObject root) =>
        Modules(root).Single(m => Resources(m.Template).Any(r =>
            Type(r) == "Microsoft.Web/sites/config" && (Str(r["name"]) ?? "").Contains("appsettings", StringComparison.Ordinal)));

    /// <summary>Every app setting name the appsettings module can write, including the conditional ones.</summary>
    private static HashSet<string> SettingKeys(JsonObject template)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (template["variables"] is JsonObject variables)
        {
            foreach (var (_, value) in variables)
            {
                if (value is JsonObject obj)
                {
                    keys.UnionWith(obj.Select(p => p.Key));
                }
                else if (Str(value) is { } expression)
                {
                    foreach (Match m in CreateObjectKey().Matches(expression))
                    {
                        keys.Add(m.Groups[1].Value);
                    }
                }
            }
        }

        return keys;
    }

    /// <summary>
    /// Role definition GUIDs a role assignment can grant: literals in its roleDefinitionId, or in the
    /// variables it refers to (an array indexed by copyIndex(), an object member), followed transitively.
    /// </summary>
    private static HashSet<string> RoleIds(JsonObject template, JsonObject assignment) =>
        GuidsIn(template, Str(assignment["properties"]?["roleDefinitionId"]) ?? "", depth: 0);

    private static HashSet<string> GuidsIn(JsonObject template, string expression, int depth)
    {
        var ids = new HashSet<string>(Guid().Matches(expression).Select(m => m.Value), StringComparer.OrdinalIgnoreCase);
        if (depth > 5)
        {
            return ids;
        }

        foreach (Match m in VariableReference().Matches(expression))
        {
            var variable = template["variables"]?[m.Groups[1].Value];
            var resolved = m.Groups[2].Success && variable is JsonObject obj ? obj[m.Groups[2].Value] : variable;
            foreach (var text in StringLeaves(resolved))
            {
                ids.UnionWith(GuidsIn(template, text, depth + 1));
            }
        }

        return ids;
    }

    /// <summary>String values at any depth (ToJsonString would escape the quotes inside ARM expressions).</summary>
    private static IEnumerable<string> StringLeaves(JsonNode? node) =>
        node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            JsonObject o => o.SelectMany(p => StringLeaves(p.Value)),
            JsonArray a => a.SelectMany(StringLeaves),
            _ => [],
        };

    private static string? ScopeType(JsonObject assignment)
    {
        var scope = Str(assignment["scope"]) ?? "";
        var match = ResourceIdType().Match(scope);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>A property value, following "[parameters('x')]" through the module chain.</summary>
    private static JsonNode? Value(JsonObject root, Module module, JsonNode? node)
    {
        var text = Str(node);
        if (text is not null && ParameterOnly().Match(text) is { Success: true } m)
        {
            return ParameterValue(root, module, m.Groups[1].Value);
        }

        return node;
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();

    [GeneratedRegex(@"%([A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();

    [GeneratedRegex(@"createObject\('([A-Za-z0-9_]+)'")]
    private static partial Regex CreateObjectKey();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"variables\('([A-Za-z0-9_]+)'\)(?:\[copyIndex\(\)\]|\.([A-Za-z0-9_]+))?")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"resourceId\('([A-Za-z0-9./]+)'")]
    private static partial Regex ResourceIdType();

    [GeneratedRegex(@"^\[parameters\('([A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex ParameterOnly();

    [GeneratedRegex(@"^\[variables\('([A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex VariableReferenceOnly();

    [GeneratedRegex(@"%([A-Za-z0-9_]+(?::[A-Za-z0-9_]+)+)%")]
    private static partial Regex ConfigurationReference();

    [GeneratedRegex(@"Connection\s*=\s*""([A-Za-z0-9_]+)""")]
    private static partial Regex ConnectionReference();
}
