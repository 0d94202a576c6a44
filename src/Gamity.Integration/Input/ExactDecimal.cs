using System.Globalization;
using System.Numerics;
using System.Text;

namespace Gamity.Integration.Input;

/// <summary>
/// Reads a JSON number as a <see cref="decimal"/> only when the decimal holds it exactly. <c>TryGetDecimal</c>
/// rounds silently (30 decimals become 28, <c>1e-29</c> becomes 0); an amount is money, and Gamity leaves
/// precision to us (assumption W7), so a value that would change on the way is refused instead.
/// </summary>
public static class ExactDecimal
{
    public const string NotExactReason = "is not a number a decimal holds exactly (at most 28 decimal places, about 28 significant digits, below 7.9e28): it is refused, never rounded";

    /// <summary><paramref name="number"/> is the raw JSON number text (already validated as a JSON number).</summary>
    public static bool TryParse(ReadOnlySpan<byte> number, out decimal value)
    {
        value = 0;
        Span<char> text = stackalloc char[number.Length <= 128 ? number.Length : 0];
        if (number.Length > 128 || Encoding.ASCII.GetChars(number, text) != number.Length
            || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        var (digits, exponent) = Normalise(text);
        var bits = decimal.GetBits(value);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        var (heldDigits, heldExponent) = Normalise(mantissa.ToString(CultureInfo.InvariantCulture), -scale);
        return digits == heldDigits && (digits.Length == 0 || exponent == heldExponent);
    }

    /// <summary>Significant digits without leading or trailing zeros, and the power of ten of the last one.</summary>
    private static (string Digits, long Exponent) Normalise(ReadOnlySpan<char> number)
    {
        var digits = new StringBuilder(number.Length);
        long exponent = 0;
        var fraction = false;
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
                exponent -= fraction ? 1 : 0;
            }
            else if (c == '.')
            {
                fraction = true;
            }
            else if (c is 'e' or 'E')
            {
                // An exponent too large for a long only gets here on a zero ("0e99999999999999999999"): any exponent matches.
                exponent += long.TryParse(number[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var power) ? power : 0;
                break;
            }
        }

        return Normalise(digits.ToString(), exponent);
    }

    private static (string Digits, long Exponent) Normalise(string digits, long exponent)
    {
        var trimmed = digits.TrimStart('0');
        var significant = trimmed.TrimEnd('0');
        return (significant, exponent + (trimmed.Length - significant.Length));
    }
}
