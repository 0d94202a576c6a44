using System.Text;

namespace Gamity.Integration.Input;

/// <summary>
/// What an identifier (brand, player, game, round ids, refs) may hold, on every inbound contract. Control
/// characters (Unicode category Cc: NUL, CR, LF, ESC…), the line and paragraph separators and the bidirectional
/// formatting characters are refused: they forge log lines and make look-alike ids. Identifiers are never
/// Unicode-normalised: two casino ids that differ only in normalisation may be two players (README, "Input rules").
/// </summary>
public static class IdentifierRules
{
    public const string ForbiddenCharacterReason = "holds a control character, a line separator or a bidirectional formatting character";

    /// <summary>True when <paramref name="value"/> holds a character an identifier may not hold.</summary>
    public static bool HasForbiddenCharacter(ReadOnlySpan<char> value)
    {
        // Hot path: printable ASCII only.
        if (value.IndexOfAnyExceptInRange(' ', '~') < 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (IsForbidden(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same rule on UTF-8 text (the rounds parser's slices of the message body); the text must be valid UTF-8.</summary>
    public static bool HasForbiddenCharacter(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAnyExceptInRange((byte)' ', (byte)'~') < 0)
        {
            return false;
        }

        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) != System.Buffers.OperationStatus.Done
                || (rune.IsBmp && IsForbidden((char)rune.Value)))
            {
                return true;
            }

            utf8 = utf8[consumed..];
        }

        return false;
    }

    private static bool IsForbidden(char c) =>
        char.IsControl(c)                      // Cc: U+0000–U+001F, U+007F–U+009F
        || c is '\u2028' or '\u2029'           // line / paragraph separator
        || c is '\u061C' or '\u200E' or '\u200F' // ALM, LRM, RLM
        || c is >= '\u202A' and <= '\u202E'    // LRE, RLE, PDF, LRO, RLO
        || c is >= '\u2066' and <= '\u2069';   // LRI, RLI, FSI, PDI
}
