using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Gamity.Integration.ActiveGames;
using Gamity.Integration.Rounds;

namespace Gamity.Benchmarks.Rounds;

/// <summary>
/// The rounds hot path on 1,000,000 synthetic rounds (10,000 messages × 100, 10% on active pairs):
/// decode → validate → filter → chunk → serialize, against the floor of a raw <see cref="Utf8JsonReader"/> pass
/// over the same bytes. Both report time and allocation per round (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 3, warmupCount: 6, iterationCount: 10)]
public class RoundsPipelineBenchmarks
{
    public const int Messages = 10_000;
    public const int RoundsPerMessage = 100;
    private const int TotalRounds = Messages * RoundsPerMessage;

    private RoundMessage[] messages = [];
    private ActiveGamesView view;
    private readonly RoundParser parser = new("REGULAR");
    private readonly List<GameRound> rounds = new(RoundsPerMessage);
    private readonly List<InvalidRound> invalid = [];
    private readonly ArrayBufferWriter<byte> output = new(RoundsPerMessage * 256);

    [GlobalSetup]
    public void Setup()
    {
        var games = Enumerable.Range(0, 500).Select(g => $"PROVIDER_GAME_{g:D4}").ToArray();
        var brands = Enumerable.Range(0, 20).Select(b => $"brand-{b:D2}").ToArray();
        // 10% of rounds land on an active (brand, game): games 0–49 are in a tournament on every brand.
        var active = new ActiveGamesDocument
        {
            FetchedAt = DateTimeOffset.UtcNow,
            Games = games.Take(50).Select(g => new ActiveGame { GameId = g, BrandIds = [.. brands] }).ToList(),
        };
        view = new ActiveGamesView(ActiveGamesSnapshot.From(active), IsStale: false, Age: TimeSpan.Zero);
        messages = new RoundMessage[Messages];
        var random = new Random(42);
        var builder = new StringBuilder(RoundsPerMessage * 260);
        for (var m = 0; m < Messages; m++)
        {
            builder.Clear().Append('[');
            for (var r = 0; r < RoundsPerMessage; r++)
            {
                var i = (m * RoundsPerMessage) + r;
                builder.Append(r == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                    $$"""{"timestamp":"2026-11-24T08:{{i / 60000 % 60:D2}}:{{i / 1000 % 60:D2}}.{{i % 1000:D3}}Z","roundId":"round-{{i:D9}}","brandId":"{{brands[random.Next(brands.Length)]}}","playerId":"player-{{random.Next(100_000)}}","gameId":"{{games[random.Next(games.Length)]}}","roundType":"REGULAR","currency":"EUR","betAmount":{{random.Next(1, 10_000) / 100m}},"winAmount":{{random.Next(0, 20_000) / 100m}}}""");
            }

            messages[m] = new RoundMessage(Encoding.UTF8.GetBytes(builder.Append(']').ToString()), $"message-{m}");
        }
    }

    /// <summary>The floor: tokenise the same bytes and nothing else.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TotalRounds)]
    public long RawUtf8JsonReaderPass()
    {
        long tokens = 0;
        foreach (var message in messages)
        {
            var reader = new Utf8JsonReader(message.Body.Span);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    /// <summary>Breakdown, step 1: decode and validate only (every round).</summary>
    [Benchmark(OperationsPerInvoke = TotalRounds)]
    public long DecodeValidate() => Pipeline(filter: false, serialize: false);

    /// <summary>Breakdown, step 2: decode, validate and filter on the active-games snapshot.</summary>
    [Benchmark(OperationsPerInvoke = TotalRounds)]
    public long DecodeValidateFilter() => Pipeline(filter: true, serialize: false);

    /// <summary>What ForwardRounds does per batch before the HTTP call, on the product's own types.</summary>
    [Benchmark(OperationsPerInvoke = TotalRounds)]
    public long DecodeValidateFilterChunkSerialize() => Pipeline(filter: true, serialize: true);

    /// <summary>The pipeline's steps up to the one asked for; returns rounds kept, or bytes written when serializing.</summary>
    private long Pipeline(bool filter, bool serialize)
    {
        long result = 0;
        foreach (var message in messages)
        {
            rounds.Clear();
            invalid.Clear();
            parser.Parse(message, rounds, invalid);
            if (filter)
            {
                RoundsPipeline.KeepActive(rounds, view);
            }

            if (!serialize)
            {
                result += rounds.Count;
                continue;
            }

            for (var start = 0; start < rounds.Count; start += RoundsOptions.MaxBatchSize)
            {
                output.ResetWrittenCount();
                RoundSerializer.Write(output, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rounds).Slice(start, Math.Min(RoundsOptions.MaxBatchSize, rounds.Count - start)));
                result += output.WrittenCount;
            }
        }

        return result;
    }
}
