namespace Gamity.Integration.Rounds;

/// <summary>
/// Fast paths for the two value shapes nearly every round has: a plain non-negative amount (<c>12.50</c>) and a
/// UTC timestamp (<c>2022-04-30T04:03:10.200Z</c>). Each either returns exactly what
/// <see cref="System.Text.Json.Utf8JsonReader"/>'s <c>TryGetDecimal</c> / <c>TryGetDateTimeOffset</c> would
/// (value and scale; tested as a property against them) or declines, and the caller takes the general path.
/// They never accept what the general path refuses. Half of the pipeline's per-round cost was these two parses
/// (docs/benchmarks.md, rounds-pipeline).
/// </summary>
public static class RoundValueParsers
{
    private const int MaxFastDigits = 18; // fits a long: no overflow checks on the way

    /// <summary><c>0|[1-9][0-9]*</c> with an optional <c>.[0-9]+</c>, at most 18 digits in all; anything else declines.</summary>
    public static bool TryParsePlainDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxFastDigits + 1 || (text[0] == (byte)'0' && text.Length > 1 && text[1] != (byte)'.'))
        {
            return false;
        }

        long mantissa = 0;
        var scale = -1;
        var digits = 0;
        foreach (var b in text)
        {
            if (b == (byte)'.')
            {
                if (scale >= 0 || digits == 0)
                {
                    return false;
                }

                scale = 0;
                continue;
            }

            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false; // a sign, an exponent, anything unusual: the general path decides
            }

            mantissa = (mantissa * 10) + digit;
            digits++;
            if (scale >= 0)
            {
                scale++;
            }
        }

        if (scale == 0 || digits > MaxFastDigits)
        {
            return false; // "12." is not JSON; too many digits for a long
        }

        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, isNegative: false, (byte)Math.Max(scale, 0));
        return true;
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss[.f{1,7}]Z</c>, a real date and time of day; anything else declines.</summary>
    public static bool TryParseUtcTimestamp(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length is < 20 or > 28 || text[^1] != (byte)'Z'
            || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return false;
        }

        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long ticks = 0;
        var fraction = text[19..^1];
        if (!fraction.IsEmpty)
        {
            if (fraction[0] != (byte)'.' || fraction.Length is < 2 or > 8 || !Digits(fraction[1..], out var digits))
            {
                return false;
            }

            ticks = digits;
            for (var i = fraction.Length - 1; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks), TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
