using System.Text.Json;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Gamity;

/// <summary>
/// Reads a game-round body with a <see cref="Utf8JsonReader"/>: it extracts only each round's <c>roundId</c>
/// and remembers where the round's JSON object sits in the body, so the round can be stored as received
/// without deserializing its other fields (the hot path of the sandbox).
/// </summary>
public static class GameRoundParser
{
    /// <summary>Gamity's documented limit for <c>/batch</c> (gamity-contract.md §2.2).</summary>
    public const int MaxRoundsPerBatch = 100;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Parses a <c>/batch</c> body (a JSON array of rounds) or a <c>/single</c> body (one round object).</summary>
    public static ParsedRounds Parse(ReadOnlySpan<byte> body, bool batch)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                return ParsedRounds.Fail(Problems.InvalidBody("The request body is empty."));
            }

            var rounds = new List<ParsedRound>(batch ? 16 : 1);
            var errors = new ValidationErrors();
            if (batch)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return ParsedRounds.Fail(Problems.InvalidBody("The /batch body must be a JSON array of game rounds."));
                }

                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (index == MaxRoundsPerBatch)
                    {
                        return ParsedRounds.Fail(Problems.TooManyRounds(MaxRoundsPerBatch));
                    }

                    ReadRound(ref reader, index++, rounds, errors);
                }

                if (index == 0)
                {
                    return ParsedRounds.Fail(Problems.BadRequest("The batch is empty; send 1 to 100 game rounds."));
                }
            }
            else
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return ParsedRounds.Fail(Problems.InvalidBody("The /single body must be one game round (a JSON object)."));
                }

                ReadRound(ref reader, index: null, rounds, errors);
            }

            // Throws on anything but whitespace after the top-level value.
            reader.Read();
            return errors.Any ? ParsedRounds.Fail(Problems.Validation(errors)) : ParsedRounds.Ok(rounds);
        }
        catch (JsonException exception)
        {
            return ParsedRounds.Fail(Problems.InvalidBody(exception.Message));
        }
    }

    // On entry the reader is on the round's first token; on exit, on its last. index is null for /single.
    private static void ReadRound(ref Utf8JsonReader reader, int? index, List<ParsedRound> rounds, ValidationErrors errors)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add($"[{index}] must be a game round object.");
            reader.Skip();
            return;
        }

        var start = (int)reader.TokenStartIndex;
        string? roundId = null;
        var roundIdIsString = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("roundId"u8))
            {
                reader.Read();
                roundIdIsString = reader.TokenType == JsonTokenType.String;
                roundId = roundIdIsString ? reader.GetString() : null;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        if (!roundIdIsString)
        {
            errors.Add($"{Path(index)}roundId must be a string.");
        }
        else if (string.IsNullOrWhiteSpace(roundId))
        {
            errors.Add($"{Path(index)}roundId is required.");
        }
        else
        {
            rounds.Add(new ParsedRound(roundId, start, (int)reader.BytesConsumed - start));
        }
    }

    private static string Path(int? index) => index is null ? "" : $"[{index}].";
}

/// <summary>A round's id and where its JSON object sits in the request body.</summary>
public readonly record struct ParsedRound(string RoundId, int Start, int Length);

/// <summary>Either the rounds of a valid body or the problem to answer with.</summary>
public sealed class ParsedRounds
{
    private ParsedRounds(List<ParsedRound> rounds, ProblemHttpResult? problem)
    {
        Rounds = rounds;
        Problem = problem;
    }

    public List<ParsedRound> Rounds { get; }

    public ProblemHttpResult? Problem { get; }

    public static ParsedRounds Ok(List<ParsedRound> rounds) => new(rounds, null);

    public static ParsedRounds Fail(ProblemHttpResult problem) => new([], problem);
}
