using System.Text.Json;
using System.Text.Json.Serialization;
using Gamity.Sandbox.Casino;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Wallet;

namespace Gamity.Sandbox.Shared;

/// <summary>Source-generated serializers (camelCase web defaults) for every body the sandbox reads or writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<SyncOperator>))]
[JsonSerializable(typeof(IReadOnlyList<SyncOperator>))]
[JsonSerializable(typeof(List<SyncGame>))]
[JsonSerializable(typeof(IReadOnlyList<SyncGame>))]
[JsonSerializable(typeof(List<ActiveGame>))]
[JsonSerializable(typeof(IReadOnlyList<ActiveGame>))]
[JsonSerializable(typeof(SyncOutcome))]
[JsonSerializable(typeof(OperatorsSyncOutcome))]
[JsonSerializable(typeof(List<HeldOperatorView>))]
[JsonSerializable(typeof(List<HeldGameView>))]
[JsonSerializable(typeof(GamesSummary))]
[JsonSerializable(typeof(Dictionary<string, CallStats>))]
[JsonSerializable(typeof(FaultSetting))]
[JsonSerializable(typeof(GenerateCatalogRequest))]
[JsonSerializable(typeof(CatalogCounts))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(RoundsAccepted))]
[JsonSerializable(typeof(RoundsSummary))]
[JsonSerializable(typeof(RoundFaultsRequest))]
[JsonSerializable(typeof(RoundFaultSettings))]
[JsonSerializable(typeof(MoneyRequest))]
[JsonSerializable(typeof(FreeRoundsRequest))]
[JsonSerializable(typeof(RollbackRequest))]
[JsonSerializable(typeof(WalletTransactionAnswer))]
[JsonSerializable(typeof(WalletTransactionView))]
[JsonSerializable(typeof(List<WalletTransactionView>))]
[JsonSerializable(typeof(WalletPlayerRequest))]
[JsonSerializable(typeof(WalletPlayerView))]
[JsonSerializable(typeof(List<WalletPlayerView>))]
[JsonSerializable(typeof(WalletSummary))]
[JsonSerializable(typeof(WalletFaultsRequest))]
[JsonSerializable(typeof(WalletFaultSettings))]
[JsonSerializable(typeof(SendPayoutRequest))]
[JsonSerializable(typeof(SendDebitRequest))]
[JsonSerializable(typeof(CallbackReport))]
public sealed partial class SandboxJsonContext : JsonSerializerContext;
