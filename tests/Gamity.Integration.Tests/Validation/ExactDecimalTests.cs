using System.Globalization;
using System.Numerics;
using System.Text;
using CsCheck;
using Gamity.Integration.Input;

namespace Gamity.Integration.Tests.Validation;

public class ExactDecimalTests
{
    [Theory]
    [InlineData("10.25", true)]
    [InlineData("10.250", true)]
    [InlineData("0", true)]
    [InlineData("-0.0", true)]
    [InlineData("1e-28", true)]
    [InlineData("1E+3", true)]
    [InlineData("79228162514264337593543950335", true)]
    [InlineData("7922816251426433759354395033.5", true)]
    [InlineData("0e99999999999999999999", true)]
    [InlineData("1e-29", false)]                             // TryGetDecimal: 0
    [InlineData("1161.373456789012345678901234567", false)]  // TryGetDecimal: rounded to 28 decimals
    [InlineData("79228162514264337593543950336", false)]     // decimal.MaxValue + 1
    [InlineData("1e400", false)]
    public void Only_numbers_a_decimal_holds_exactly_are_read(string number, bool exact) =>
        Assert.Equal(exact, ExactDecimal.TryParse(Encoding.ASCII.GetBytes(number), out _));

    [Fact]
    public void Every_decimal_written_out_reads_back_as_itself() =>
        Check.Sample(Gen.Decimal, value =>
        {
            Assert.True(ExactDecimal.TryParse(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)), out var read));
            Assert.Equal(value, read);
        });

    [Fact]
    public void A_number_is_accepted_exactly_when_a_decimal_can_hold_its_value_and_then_it_is_that_value()
    {
        var gen = Gen.Select(Gen.Char['0', '9'].Array[1, 40].Select(d => new string(d)), Gen.Int[-45, 45], Gen.Bool);
        Check.Sample(gen, sample =>
        {
            var (digits, exponent, negative) = sample;
            var text = $"{(negative ? "-" : string.Empty)}{digits}e{exponent}";
            var (holds, expected) = Oracle(BigInteger.Parse(digits, CultureInfo.InvariantCulture), exponent, negative);

            var accepted = ExactDecimal.TryParse(Encoding.ASCII.GetBytes(text), out var value);

            Assert.True(holds == accepted, $"{text}: expected {(holds ? "accepted" : "refused")}");
            if (holds)
            {
                Assert.Equal(expected, value);
            }
        }, iter: 20_000);
    }

    /// <summary>Whether mantissa × 10^exponent fits a decimal (96-bit integer, scale 0–28) without rounding, and its value.</summary>
    private static (bool Holds, decimal Value) Oracle(BigInteger mantissa, int exponent, bool negative)
    {
        if (mantissa.IsZero)
        {
            return (true, 0m);
        }

        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            exponent++;
        }

        var scale = Math.Max(0, -exponent);
        var integer = exponent >= 0 ? mantissa * BigInteger.Pow(10, exponent) : mantissa;
        if (scale > 28 || integer >= BigInteger.One << 96)
        {
            return (false, 0m);
        }

        var bytes = integer.ToByteArray(isUnsigned: true);
        Array.Resize(ref bytes, 12);
        var value = new decimal(BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8), negative, (byte)scale);
        return (true, value);
    }
}
