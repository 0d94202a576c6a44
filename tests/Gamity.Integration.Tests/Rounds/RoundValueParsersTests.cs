using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Gamity.Integration.Rounds;

namespace Gamity.Integration.Tests.Rounds;

/// <summary>The fast paths agree with Utf8JsonReader wherever they answer, and never accept what it refuses.</summary>
public class RoundValueParsersTests
{
    private static (bool Ok, decimal Value) ReaderDecimal(string number)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(number));
        try
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var value) ? (true, value) : (false, 0);
        }
        catch (JsonException)
        {
            return (false, 0); // not a JSON number at all
        }
    }

    private static (bool Ok, DateTimeOffset Value) ReaderTimestamp(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("\"" + text + "\""));
        reader.Read();
        return reader.TryGetDateTimeOffset(out var value) ? (true, value) : (false, default);
    }

    private static void AssertDecimalAgrees(string number)
    {
        if (RoundValueParsers.TryParsePlainDecimal(Encoding.UTF8.GetBytes(number), out var fast))
        {
            var (ok, expected) = ReaderDecimal(number);
            Assert.True(ok, $"fast path accepted {number}, the reader refuses it");
            Assert.Equal(decimal.GetBits(expected), decimal.GetBits(fast)); // value and scale: 2.50 stays 2.50
        }
    }

    private static void AssertTimestampAgrees(string text)
    {
        if (RoundValueParsers.TryParseUtcTimestamp(Encoding.UTF8.GetBytes(text), out var fast))
        {
            var (ok, expected) = ReaderTimestamp(text);
            Assert.True(ok, $"fast path accepted {text}, the reader refuses it");
            Assert.Equal(expected, fast);
            Assert.Equal(expected.Offset, fast.Offset);
        }
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("2.5", true)]
    [InlineData("2.50", true)]
    [InlineData("0.00000001", true)]
    [InlineData("123456789012345678", true)]
    [InlineData("1234567890123456789", false)] // 19 digits: the general path
    [InlineData("-1", false)]
    [InlineData("1e2", false)]
    [InlineData("1E-2", false)]
    [InlineData("01", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("1.2.3", false)]
    [InlineData("", false)]
    public void Plain_decimals_take_the_fast_path_and_everything_else_declines(string number, bool fast)
    {
        Assert.Equal(fast, RoundValueParsers.TryParsePlainDecimal(Encoding.UTF8.GetBytes(number), out _));
        AssertDecimalAgrees(number);
    }

    [Fact]
    public void Generated_decimals_agree_with_the_reader() =>
        Gen.Decimal[0m, 1_000_000_000m].Select(Gen.Int[0, 12], (d, places) => Math.Round(d, places).ToString("F" + places, CultureInfo.InvariantCulture))
            .Sample(AssertDecimalAgrees, iter: 20_000);

    [Fact]
    public void Generated_digit_soup_agrees_with_the_reader() =>
        Gen.Char["0123456789.-eE+"].Array[1, 22].Select(chars => new string(chars)).Sample(AssertDecimalAgrees, iter: 50_000);

    [Theory]
    [InlineData("2022-04-30T04:03:10Z", true)]
    [InlineData("2022-04-30T04:03:10.2Z", true)]
    [InlineData("2022-04-30T04:03:10.200Z", true)]
    [InlineData("2022-04-30T04:03:10.1234567Z", true)]
    [InlineData("2024-02-29T23:59:59Z", true)]
    [InlineData("2023-02-29T00:00:00Z", false)] // not a leap year
    [InlineData("2022-04-31T00:00:00Z", false)]
    [InlineData("2022-04-30T24:00:00Z", false)]
    [InlineData("2022-04-30T04:60:00Z", false)]
    [InlineData("2022-04-30T04:03:60Z", false)]
    [InlineData("2022-04-30T04:03:10.12345678Z", false)] // 8 fraction digits: the general path
    [InlineData("2022-04-30T04:03:10.Z", false)]
    [InlineData("2022-04-30T04:03:10+00:00", false)] // an offset: the general path
    [InlineData("2022-04-30T04:03:10z", false)]
    [InlineData("2022-04-30 04:03:10Z", false)]
    [InlineData("0000-01-01T00:00:00Z", false)]
    public void Utc_timestamps_take_the_fast_path_and_everything_else_declines(string text, bool fast)
    {
        Assert.Equal(fast, RoundValueParsers.TryParseUtcTimestamp(Encoding.UTF8.GetBytes(text), out _));
        AssertTimestampAgrees(text);
    }

    [Fact]
    public void Generated_timestamps_agree_with_the_reader() =>
        Gen.DateTime[new DateTime(1, 1, 1), new DateTime(9999, 12, 31)].Select(Gen.Int[0, 7], (time, digits) =>
                time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + (digits == 0 ? string.Empty : "." + time.ToString("fffffff", CultureInfo.InvariantCulture)[..digits]) + "Z")
            .Sample(text =>
            {
                Assert.True(RoundValueParsers.TryParseUtcTimestamp(Encoding.UTF8.GetBytes(text), out _), text);
                AssertTimestampAgrees(text);
            }, iter: 20_000);

    [Fact]
    public void Generated_timestamp_soup_agrees_with_the_reader() =>
        Gen.Int[0, 9999].Select(Gen.Int[0, 13], Gen.Int[0, 32], Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[0, 61], Gen.String["0123456789."].Select(f => f.Length > 9 ? f[..9] : f),
                (y, mo, d, h, mi, s, fraction) => $"{y:D4}-{mo:D2}-{d:D2}T{h:D2}:{mi:D2}:{s:D2}{(fraction.Length == 0 ? string.Empty : "." + fraction)}Z")
            .Sample(AssertTimestampAgrees, iter: 50_000);
}
