using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Gamity;

/// <summary>
/// Gamity's Game Round HTTP API (gamity-contract.md §2.2) under <c>/gamerounds/{integrationId}/</c>: <c>batch</c>
/// takes a JSON array of 1–100 rounds, <c>single</c> one round object. The high-volume path of the sandbox,
/// so the body is read once, scanned for <c>roundId</c>s only, and its rounds stored as received.
/// </summary>
/// <remarks>
/// Assumptions where Gamity's docs are silent (gamity-contract.md §2.2 "Not covered here"):
/// <list type="bullet">
/// <item>Partial failure: a batch is all or nothing. One round without a non-blank string <c>roundId</c>
/// (or one element that is not an object) makes the whole call 400 and nothing of it is stored.</item>
/// <item>Duplicates: <c>roundId</c> is the idempotency key; a repeat (across calls or within one batch) is
/// accepted without error, counted as a duplicate, and the first stored round is kept unchanged.</item>
/// <item>Response body: Gamity's is undocumented; <c>{"accepted": n, "duplicates": m}</c> is the sandbox's own
/// (n newly stored, m repeats ignored, n + m = rounds in the call), so a client must not rely on it.</item>
/// <item>Only <c>roundId</c> is checked (case-sensitively named); the other fields are stored unvalidated.</item>
/// </list>
/// </remarks>
public static class GameRoundEndpoints
{
    /// <summary>Endpoint names, also the keys of these calls in <c>GET /sandbox/gamity/calls</c>.</summary>
    public const string BatchCallName = "gamerounds/batch";
    public const string SingleCallName = "gamerounds/single";

    /// <summary>100 rounds are ~30 KB; anything near this cap is not a sane round call (413).</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The group the round endpoints live in, so each gets the gate (latency, key, integration id, round faults).</summary>
    public static RouteGroupBuilder MapGameRoundsGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/gamerounds/{integrationId}").AddEndpointFilter<GameRoundGateFilter>();

    public static RouteGroupBuilder MapGameRoundApi(this RouteGroupBuilder gamerounds)
    {
        gamerounds.MapPost("batch", (HttpRequest request, GameRoundsState rounds, SandboxConsole console) =>
            ReceiveAsync(request, rounds, console, batch: true)).WithName(BatchCallName);
        gamerounds.MapPost("single", (HttpRequest request, GameRoundsState rounds, SandboxConsole console) =>
            ReceiveAsync(request, rounds, console, batch: false)).WithName(SingleCallName);
        return gamerounds;
    }

    private static async Task<Results<Ok<RoundsAccepted>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, GameRoundsState rounds, SandboxConsole console, bool batch)
    {
        if (await ReadBodyAsync(request) is not { } body)
        {
            return Problems.BodyTooLarge(MaxBodyBytes);
        }

        var parsed = GameRoundParser.Parse(body.Span, batch);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        var accepted = 0;
        foreach (var round in parsed.Rounds)
        {
            if (rounds.TryAdd(round.RoundId, new StoredRound(body.Slice(round.Start, round.Length))))
            {
                accepted++;
            }
        }

        rounds.CountAccepted(batch);
        if (rounds.TakeReportTurn())
        {
            // At most one line every ten seconds: per-call logging would cost more than the call itself.
            var summary = rounds.Summary();
            console.WriteLine(
                $"gamerounds: {summary.Count} rounds held, {summary.Duplicates} duplicates ignored, " +
                $"{summary.Batches} batches + {summary.Singles} singles accepted, {summary.Rejected} calls rejected");
        }

        return TypedResults.Ok(new RoundsAccepted(accepted, parsed.Rounds.Count - accepted));
    }

    // The whole body in one array whose slices become the stored rounds; null when it exceeds MaxBodyBytes.
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request)
    {
        var aborted = request.HttpContext.RequestAborted;
        if (request.ContentLength is long declared)
        {
            if (declared > MaxBodyBytes)
            {
                return null;
            }

            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, aborted);
            return exact;
        }

        // Chunked: grow as needed.
        var buffer = new byte[16 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length > MaxBodyBytes)
                {
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(filled), aborted);
            if (read == 0)
            {
                return buffer.AsMemory(0, filled);
            }

            filled += read;
        }
    }
}

/// <summary>
/// The sandbox's answer to a round call (Gamity's is undocumented): rounds newly stored and repeats ignored.
/// </summary>
public sealed record RoundsAccepted(int Accepted, int Duplicates);
